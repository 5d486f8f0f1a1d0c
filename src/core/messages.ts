/**
 * The service's emails, in GOV.UK Notify's plain style: a greeting, what happened, one link straight to the page,
 * and who sent it. Plain text and simple accessible HTML of the same words; never anything about a child.
 */
export interface Message {
  subject: string;
  text: string;
  html: string;
}

const SERVICE = 'Improvement Plan Tracker';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Paragraphs and one link, as text and as HTML. */
function message(
  subject: string,
  paragraphs: string[],
  link: { text: string; url: string },
  footer: string,
): Message {
  const text = [...paragraphs, `${link.text}: ${link.url}`, '', footer, SERVICE].join('\n\n');
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>',
    escape(subject),
    '</title></head><body style="font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4; color: #0b0c0c; max-width: 580px">',
    ...paragraphs.map((p) => `<p>${escape(p)}</p>`),
    `<p><a href="${escape(link.url)}" style="color: #1d70b8">${escape(link.text)}</a></p>`,
    `<p style="color: #505a5f; font-size: 16px">${escape(footer)}<br>${SERVICE}</p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}

export function invitationMessage(invite: {
  name: string;
  organisation: string;
  role: string;
  link: string;
  days: number;
}): Message {
  return message(
    `You have been invited to ${SERVICE}`,
    [
      `Dear ${invite.name},`,
      `${invite.organisation} has invited you to ${SERVICE}, where its improvement plan is run, as ${invite.role}.`,
      `The link below works once, for ${invite.days} days. Choose a password there, or sign in with your council account if your organisation uses one.`,
    ],
    { text: 'Set up your account', url: invite.link },
    'You cannot turn these emails off: they are about your account.',
  );
}

export function passwordResetMessage(reset: { name: string; link: string; hours: number }): Message {
  return message(
    `Choose a new password for ${SERVICE}`,
    [
      `Dear ${reset.name},`,
      `An administrator of your organisation has made you a link to choose a new password. It works once, for ${reset.hours} hours; afterwards every other session of your account is signed out.`,
      'If you did not ask for this, tell your administrator.',
    ],
    { text: 'Choose a new password', url: reset.link },
    'You cannot turn these emails off: they are about your account.',
  );
}

/** A lead's digest: each list with its actions, each a link to its page; and how to stop these emails. */
export function digestMessage(digest: {
  name: string;
  today: string;
  sections: { title: string; items: { label: string; detail: string; url: string }[] }[];
  myActionsUrl: string;
  unsubscribeUrl: string;
  settingsUrl: string;
}): Message {
  const count = digest.sections.reduce((n, s) => n + s.items.length, 0);
  const subject = `Your actions: ${count} to look at (${digest.today})`;
  const text = [
    `Dear ${digest.name},`,
    'These are the actions and milestones you lead that need you.',
    ...digest.sections.map((s) =>
      [`${s.title}:`, ...s.items.map((i) => `- ${i.label} (${i.detail}): ${i.url}`)].join('\n'),
    ),
    `All your actions: ${digest.myActionsUrl}`,
    `You get this digest as your account settings say (${digest.settingsUrl}). Stop these digests: ${digest.unsubscribeUrl}`,
    SERVICE,
  ].join('\n\n');
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>',
    escape(subject),
    '</title></head><body style="font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4; color: #0b0c0c; max-width: 580px">',
    `<p>Dear ${escape(digest.name)},</p><p>These are the actions and milestones you lead that need you.</p>`,
    ...digest.sections.map(
      (s) =>
        `<h2 style="font-size: 24px">${escape(s.title)}</h2><ul>${s.items
          .map(
            (i) =>
              `<li><a href="${escape(i.url)}" style="color: #1d70b8">${escape(i.label)}</a> (${escape(i.detail)})</li>`,
          )
          .join('')}</ul>`,
    ),
    `<p><a href="${escape(digest.myActionsUrl)}" style="color: #1d70b8">All your actions</a></p>`,
    `<p style="color: #505a5f; font-size: 16px">You get this digest as <a href="${escape(digest.settingsUrl)}">your account settings</a> say. <a href="${escape(digest.unsubscribeUrl)}">Stop these digests</a>.<br>${SERVICE}</p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}

type LinkedItem = { label: string; url: string };

const list = (items: LinkedItem[]) => ({
  text: items.map((i) => `- ${i.label}: ${i.url}`).join('\n'),
  html: `<ul>${items.map((i) => `<li><a href="${escape(i.url)}" style="color: #1d70b8">${escape(i.label)}</a></li>`).join('')}</ul>`,
});

const page = (subject: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(subject)}</title></head><body style="font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4; color: #0b0c0c; max-width: 580px">${body}</body></html>`;

/** To a lead, in the days before a board's update deadline: the actions they owe an update on. */
export function reminderMessage(reminder: {
  name: string;
  plan: string;
  board: string;
  meeting: string;
  deadline: string;
  items: LinkedItem[];
  unsubscribeUrl: string;
}): Message {
  const subject = `Updates due by ${reminder.deadline} for the ${reminder.board}`;
  const intro = `The ${reminder.board} meets on ${reminder.meeting} to review ${reminder.plan}. Please record progress on these actions you lead by ${reminder.deadline}:`;
  const items = list(reminder.items);
  const footer = 'Stop these reminders';
  return {
    subject,
    text: [
      `Dear ${reminder.name},`,
      intro,
      items.text,
      `${footer}: ${reminder.unsubscribeUrl}`,
      SERVICE,
    ].join('\n\n'),
    html: page(
      subject,
      `<p>Dear ${escape(reminder.name)},</p><p>${escape(intro)}</p>${items.html}<p style="color: #505a5f; font-size: 16px"><a href="${escape(reminder.unsubscribeUrl)}">${footer}</a>.<br>${SERVICE}</p>`,
    ),
  };
}

/** To a plan's managers, after the update deadline: who has not updated, with their actions. */
export function escalationMessage(escalation: {
  name: string;
  plan: string;
  board: string;
  meeting: string;
  deadline: string;
  step: number;
  /** How many the plan sends in all. */
  of: number;
  behind: { lead: string; hasAccount: boolean; items: LinkedItem[] }[];
  updatesDueUrl: string;
  unsubscribeUrl: string;
}): Message {
  const subject = `${escalation.behind.length} lead${escalation.behind.length === 1 ? '' : 's'} have not updated ${escalation.plan} for the ${escalation.board} (reminder ${escalation.step} of ${escalation.of})`;
  const intro = `Updates for the ${escalation.board} meeting of ${escalation.meeting} were due on ${escalation.deadline}. These leads have not yet recorded progress:`;
  const who = (b: (typeof escalation.behind)[number]) =>
    `${b.lead}${b.hasAccount ? '' : ' (no account here: tell them yourself)'}`;
  return {
    subject,
    text: [
      `Dear ${escalation.name},`,
      intro,
      ...escalation.behind.map((b) => `${who(b)}:\n${list(b.items).text}`),
      `Everything owed: ${escalation.updatesDueUrl}`,
      `Stop these emails: ${escalation.unsubscribeUrl}`,
      SERVICE,
    ].join('\n\n'),
    html: page(
      subject,
      `<p>Dear ${escape(escalation.name)},</p><p>${escape(intro)}</p>${escalation.behind
        .map((b) => `<h2 style="font-size: 24px">${escape(who(b))}</h2>${list(b.items).html}`)
        .join(
          '',
        )}<p><a href="${escape(escalation.updatesDueUrl)}" style="color: #1d70b8">Everything owed</a></p><p style="color: #505a5f; font-size: 16px"><a href="${escape(escalation.unsubscribeUrl)}">Stop these emails</a>.<br>${SERVICE}</p>`,
    ),
  };
}

/** A short notice about one action: what happened, and the link to it; how to stop this kind, where one can. */
export function noticeMessage(notice: {
  name: string;
  subject: string;
  paragraphs: string[];
  link: { text: string; url: string };
  unsubscribeUrl: string | null;
}): Message {
  return message(
    notice.subject,
    [`Dear ${notice.name},`, ...notice.paragraphs],
    notice.link,
    notice.unsubscribeUrl
      ? `Stop emails of this kind: ${notice.unsubscribeUrl}`
      : 'You cannot turn these emails off: sign-off requests always come.',
  );
}
