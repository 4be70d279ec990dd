/** An attribute of an entry as the client sees it: its name as written and its values. */
export interface LdapAttribute {
  readonly type: string;
  readonly values: readonly string[];
}
