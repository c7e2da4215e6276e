/** The company directory as provisioned over SCIM: users, groups, memberships, and their audit trail. */
export * from './types.js';
export type { CompareOp, DirectoryFilter, FilterAttr, ValueType } from './filter.js';
export { createUser, deleteUser, findUser, listUsers, updateUser } from './users.js';
export { createGroup, deleteGroup, findGroup, listGroups, updateGroup, type GroupChange, type MembershipDelta } from './groups.js';
export { patchGroupMembers } from './member-patch.js';
