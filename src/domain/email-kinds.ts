/**
 * The kinds of email a user can turn off, each by the one-click link in its emails or on their account page.
 * Invitations, password resets and sign-off requests always come; digests have their own setting (weekly, daily, off).
 */
export const EMAIL_KINDS = {
  'deadline-reminder': "Reminders in the days before a board's update deadline",
  'deadline-escalation': 'Who has not updated after a deadline (to plan managers)',
  'sign-off-decision': 'When work you lead is signed off or returned',
  'due-change': 'Due date changes to approve, and the answers to yours',
  'status-change': 'When the status of an action you follow changes',
  'measure-colour': 'When a measure on a plan you follow changes colour',
} as const;

export type EmailKind = keyof typeof EMAIL_KINDS;

export const isEmailKind = (value: string): value is EmailKind => value in EMAIL_KINDS;
