/**
 * Lead cells as councils write them: names, initials the plan never defines, roles and teams run together with
 * only spaces between them. Names and initials become people; the words between them stay as written.
 */
import { describe, expect, it } from 'vitest';
import { initialsOf, leadDirectory, readLeads, type KnownPerson } from '../../src/import/people.ts';

const person = (name: string, initials: string | null = null): KnownPerson => ({
  name,
  initials,
  jobTitle: null,
});

describe('reading a lead cell', () => {
  const directory = leadDirectory([
    person('Jackie Wood', 'JW'),
    person('Sally Allen'),
    person('Sarah Daly'),
    person('Stewart McArthur'),
    person('Amanda Radley'),
  ]);

  it('picks names and initials out of a cell with only spaces between them', () => {
    expect(readLeads(['JW Sally Allen SD SD'], directory)).toEqual({
      leads: ['Jackie Wood', 'Sally Allen', 'Sarah Daly'],
      unknownInitials: [],
    });
  });

  it('resolves initials the plan never defines to the one person they fit, Mc names included', () => {
    expect(readLeads(['SMcA'], directory).leads).toEqual(['Stewart McArthur']);
    expect(readLeads(['SD'], directory).leads).toEqual(['Sarah Daly']);
  });

  it('leaves initials that fit two people unresolved, and reports them', () => {
    const two = leadDirectory([person('Sarah Daly'), person('Simon Dale')]);
    expect(readLeads(['SD'], two)).toEqual({ leads: ['SD'], unknownInitials: ['SD'] });
  });

  it('keeps a team written twice once, and the names around it', () => {
    expect(readLeads(['HoS QA HoS QA Amanda Radley'], directory).leads).toEqual(['HoS QA', 'Amanda Radley']);
  });

  it('takes a name followed by its own initials as a person, and those initials after it as them', () => {
    expect(readLeads(['Aretha Pitkin AP AP All'], directory).leads).toEqual(['Aretha Pitkin', 'All']);
  });

  it('keeps a role written after a name beside it, not as part of the name', () => {
    expect(readLeads(['Sheila Bremner Lead CEO'], directory).leads).toEqual(['Sheila Bremner', 'Lead CEO']);
  });
});

describe('the initials a name is written as', () => {
  it('takes first letters, Mc and Mac prefixes, and hyphenated parts', () => {
    expect(initialsOf('Sarah Daly')).toEqual(['SD']);
    expect(initialsOf('Stewart McArthur')).toEqual(['SM', 'SMcA']);
    expect(initialsOf('Wendi Ogle-Welbourn')).toEqual(['WO', 'WOW']);
    expect(initialsOf('Heads of Service')).toEqual([]);
  });
});
