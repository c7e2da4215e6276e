/** The 15 values Meta accepts for a business user's `role` (Admin and Employee first, as a picker shows them). */
export const META_ROLES = [
  'ADMIN',
  'EMPLOYEE',
  'FINANCE_EDITOR',
  'FINANCE_ANALYST',
  'FINANCE_EDIT',
  'FINANCE_VIEW',
  'ADS_RIGHTS_REVIEWER',
  'DEVELOPER',
  'PARTNER_CENTER_ADMIN',
  'PARTNER_CENTER_ANALYST',
  'PARTNER_CENTER_OPERATIONS',
  'PARTNER_CENTER_MARKETING',
  'PARTNER_CENTER_EDUCATION',
  'MANAGE',
  'DEFAULT',
] as const;

export type MetaRole = (typeof META_ROLES)[number];

/** True when `value` is one of the roles Meta accepts. */
export function isMetaRole(value: string): value is MetaRole {
  return (META_ROLES as readonly string[]).includes(value);
}
