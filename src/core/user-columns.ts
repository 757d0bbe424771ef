// The columns of a people file: what `user export` writes and `user import` reads, in this order.
import type { Registration } from './record.js';

export const USER_COLUMNS = ['user_id', 'type', 'name', 'company', 'title', 'phone', 'email'] as const satisfies ReadonlyArray<
  keyof Registration
>;
export type UserColumn = (typeof USER_COLUMNS)[number];

// Headers spreadsheets commonly use for each column, compared after normalising case, spaces and punctuation.
const HEADER_ALIASES: Readonly<Record<UserColumn, readonly string[]>> = {
  user_id: ['userid', 'id', 'attendeeid', 'badgeid', 'registrationid'],
  type: ['cardtype', 'ticket', 'tickettype', 'category'],
  name: ['fullname', 'attendee', 'attendeename'],
  company: ['organisation', 'organization', 'employer', 'org'],
  title: ['jobtitle', 'role', 'position'],
  phone: ['phonenumber', 'mobile', 'mobilenumber', 'cell', 'telephone', 'tel'],
  email: ['emailaddress', 'mail', 'e-mail'],
};

/** `Job Title`, `job_title` and `JOB-TITLE` all become `jobtitle`. */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[\s_\-.]+/g, '');
}

/** The column a header names, by its own name or a common spelling; undefined if none. */
export function columnForHeader(header: string): UserColumn | undefined {
  const wanted = normaliseHeader(header);
  return USER_COLUMNS.find(
    (column) => normaliseHeader(column) === wanted || HEADER_ALIASES[column].some((alias) => normaliseHeader(alias) === wanted),
  );
}
