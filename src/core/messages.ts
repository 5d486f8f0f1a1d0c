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
