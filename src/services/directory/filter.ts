/**
 * The directory's query language: a SCIM filter with every attribute already resolved against the schema, so
 * the store never sees raw attribute names or unchecked value types. Built by src/scim/filter/parse.ts.
 */

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export type ValueType = 'string' | 'boolean' | 'dateTime' | 'number' | 'complex';

export type FilterAttr = {
  /** Canonical URN of the extension holding the attribute, or null for core and common attributes. */
  extension: string | null;
  /** Canonical top-level attribute name, e.g. `userName`, `emails`, `meta`. */
  name: string;
  /** Canonical sub-attribute name, e.g. `value` in `emails.value`. */
  sub?: string;
  /** Type of the compared value (the sub-attribute's when `sub` is set). */
  type: ValueType;
  caseExact: boolean;
  /** The top-level attribute is multi-valued: a comparison matches if any element matches. */
  multiValued: boolean;
};

export type DirectoryFilter =
  | { op: 'and' | 'or'; filters: DirectoryFilter[] }
  | { op: 'not'; filter: DirectoryFilter }
  | { op: 'pr'; attr: FilterAttr }
  /** `value` is already of the attribute's type: boolean for booleans, an ISO string for dateTime. */
  | { op: CompareOp; attr: FilterAttr; value: string | number | boolean }
  /** Some element of the multi-valued `attr` satisfies `filter`, whose attributes name that element's parts. */
  | { op: 'some'; attr: FilterAttr; filter: DirectoryFilter };

export type CompareFilter = Extract<DirectoryFilter, { value: unknown }>;
