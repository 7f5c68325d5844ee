// What an analysis (external or unused access) hands the findings to keep.

/** A finding an analysis wants to exist, before ids, status and times. */
export interface DesiredFinding {
  readonly key: string
  readonly resource: string
  readonly resourceType: string
  readonly resourceOwnerAccount: string
  readonly findingType: string
  readonly details: Readonly<Record<string, unknown>>
}

/** A resource an analysis looked at. */
export interface DesiredResource {
  readonly resourceArn: string
  readonly resourceType: string
  readonly resourceOwnerAccount: string
}
