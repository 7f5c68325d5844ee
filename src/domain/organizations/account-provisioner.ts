/**
 * What Organizations asks of IAM when it creates an account (IAM implements this port): the role
 * that lets the management account in, as AWS creates `OrganizationAccountAccessRole`.
 */
export interface AccountProvisioner {
  /**
   * Creates, in `accountId`, the role `roleName` trusting `arn:aws:iam::MANAGEMENT:root` with
   * `AdministratorAccess` attached. Idempotent.
   */
  provisionAccount(input: {
    readonly accountId: string
    readonly managementAccountId: string
    readonly roleName: string
  }): Promise<void>
}
