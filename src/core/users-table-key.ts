// The users table's primary key: partition `user_id`, sort `type` (one item per person and card type).
// The template creates the table with it; the users-table client and tests read and write by it.

export const USERS_TABLE_KEY_SCHEMA = [
  { AttributeName: 'user_id', KeyType: 'HASH' },
  { AttributeName: 'type', KeyType: 'RANGE' },
] as const;

export const USERS_TABLE_KEY_ATTRIBUTES = [
  { AttributeName: 'user_id', AttributeType: 'S' },
  { AttributeName: 'type', AttributeType: 'S' },
] as const;

export interface UserKey {
  readonly user_id: string;
  readonly type: string;
}
