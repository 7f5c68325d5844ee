/**
 * IAM instance profiles: what the operations need from storage. A profile holds at most one role
 * (AWS's quota InstanceSessionsPerInstanceProfile); its tags live with the other IAM tags (by id).
 */
import type { Page, PageRequest } from '../common/page.ts'

/** One instance profile. */
export interface InstanceProfileRecord {
  readonly accountId: string
  /** `AIPA…` */
  readonly id: string
  readonly name: string
  readonly path: string
  readonly arn: string
  /** Epoch ms. */
  readonly createdAt: number
}

/** A role in a profile, by id and by the name it had when added (IAM roles cannot be renamed). */
export interface ProfileRoleRef {
  readonly roleId: string
  readonly roleName: string
}

/** The storage port of instance profiles. */
export interface InstanceProfileStore {
  /** Throws a StoreError `AlreadyExists` when the account has a profile of that name (any case). */
  createInstanceProfile(profile: InstanceProfileRecord): Promise<void>
  getInstanceProfile(accountId: string, name: string): Promise<InstanceProfileRecord | undefined>
  /** By name; `pathPrefix` filters. */
  listInstanceProfiles(
    accountId: string,
    pathPrefix: string | undefined,
    page?: PageRequest,
  ): Promise<Page<InstanceProfileRecord>>
  /** False when there was no such profile. Its role memberships go with it. */
  deleteInstanceProfile(accountId: string, name: string): Promise<boolean>
  rolesOf(profileId: string): Promise<ProfileRoleRef[]>
  addRole(profileId: string, role: ProfileRoleRef): Promise<void>
  /** False when the role was not in the profile. */
  removeRole(profileId: string, roleId: string): Promise<boolean>
  /** The profiles that hold the role, by name. */
  listInstanceProfilesForRole(
    roleId: string,
    page?: PageRequest,
  ): Promise<Page<InstanceProfileRecord>>
}
