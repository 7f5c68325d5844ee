/**
 * The IAM users the security operations refer to. IAM core's store answers these questions; the
 * server wires this port to it.
 */

/** An IAM user as the security operations show it (ListVirtualMFADevices' `User`). */
export interface SecurityUser {
  readonly accountId: string
  readonly userName: string
  /** `AIDA…` */
  readonly userId: string
  readonly path: string
  readonly arn: string
  readonly createDate: Date
}

/** Finds IAM users by name or by unique id. */
export interface UserLookup {
  findUser(accountId: string, userName: string): Promise<SecurityUser | undefined>
  findUserById(accountId: string, userId: string): Promise<SecurityUser | undefined>
}
