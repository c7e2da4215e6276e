/** The company directory as provisioned over SCIM: users, groups, memberships, and their audit trail. */
export * from './directory-types.js';
export type { CompareOp, DirectoryFilter, FilterAttr, ValueType } from './directory-filter.js';
export { createUser, deleteUser, findUser, listUsers, updateUser } from './directory-users.js';
export { createGroup, deleteGroup, findGroup, listGroups, updateGroup, type GroupChange, type MembershipDelta } from './directory-groups.js';
