/**
 * Lead cells as councils write them: names, initials the plan never defines, roles and teams run together with
 * only spaces between them. Names and initials become people; the words between them stay as written.
 */
import { describe, expect, it } from 'vitest';
import {
  initialsOf,
  leadDirectory,
  looksLikePersonName,
  readLeads,
  type KnownPerson,
} from '../../src/import/people.ts';

const person = (name: string, initials: string | null = null): KnownPerson => ({
  name,
  initials,
  jobTitle: null,
});

describe('reading a lead cell', () => {
  const directory = leadDirectory([
    person('Hannah Rowe', 'HR'),
    person('Tom Ellis'),
    person('Priya Shah'),
    person('Fiona McAllan'),
    person('Ben Carter'),
  ]);

  it('picks names and initials out of a cell with only spaces between them', () => {
    expect(readLeads(['HR Tom Ellis PS PS'], directory)).toEqual({
      leads: ['Hannah Rowe', 'Tom Ellis', 'Priya Shah'],
      unknownInitials: [],
    });
  });

  it('resolves initials the plan never defines to the one person they fit, Mc names included', () => {
    expect(readLeads(['FMcA'], directory).leads).toEqual(['Fiona McAllan']);
    expect(readLeads(['PS'], directory).leads).toEqual(['Priya Shah']);
  });

  it('leaves initials that fit two people unresolved, and reports them', () => {
    const two = leadDirectory([person('Priya Shah'), person('Peter Shaw')]);
    expect(readLeads(['PS'], two)).toEqual({ leads: ['PS'], unknownInitials: ['PS'] });
  });

  it('keeps a team written twice once, and the names around it', () => {
    expect(readLeads(['HoS QA HoS QA Ben Carter'], directory).leads).toEqual(['HoS QA', 'Ben Carter']);
  });

  it('takes a name followed by its own initials as a person, and those initials after it as them', () => {
    expect(readLeads(['Omar Quinn OQ OQ All'], directory).leads).toEqual(['Omar Quinn', 'All']);
  });

  it('keeps a role written after a name beside it, not as part of the name', () => {
    expect(readLeads(['Ruth Lowe Lead CEO'], directory).leads).toEqual(['Ruth Lowe', 'Lead CEO']);
  });

  it('reads the person "supported by" names, and a role and its holder either side of a dash', () => {
    expect(readLeads(['Helen Price supported by Tom Reilly'], directory).leads).toEqual([
      'Helen Price',
      'Tom Reilly',
    ]);
    expect(readLeads(['Head of Service – J. Smith'], directory).leads).toEqual([
      'Head of Service',
      'J. Smith',
    ]);
    // A dash inside a role is not a person's name beside it.
    expect(readLeads(['Head of Service – Children in Care'], directory).leads).toEqual([
      'Head of Service – Children in Care',
    ]);
  });
});

describe('a person’s name', () => {
  it('may open with a title or a partner’s rank, or with initials', () => {
    for (const name of ['Dr Amy Chen', 'DI Mark Lewis', 'Chief Inspector Ruth Hale', 'A. Patel', 'J.R. Hale'])
      expect(looksLikePersonName(name), name).toBe(true);
  });

  it('is not a role or a team, with a title or without', () => {
    for (const name of [
      'Named Doctor',
      'Heads of Service',
      'Dr Head of Service',
      'Chief Executive',
      'A. Team',
    ])
      expect(looksLikePersonName(name), name).toBe(false);
  });
});

describe('the initials a name is written as', () => {
  it('takes first letters, Mc and Mac prefixes, and hyphenated parts', () => {
    expect(initialsOf('Priya Shah')).toEqual(['PS']);
    expect(initialsOf('Fiona McAllan')).toEqual(['FM', 'FMcA']);
    expect(initialsOf('Ann Lee-Ward')).toEqual(['AL', 'ALW']);
    expect(initialsOf('Heads of Service')).toEqual([]);
  });
});
