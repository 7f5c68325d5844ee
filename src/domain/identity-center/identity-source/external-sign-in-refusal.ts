/**
 * Why a sign-in through an external identity provider was refused: a closed set of reasons, each
 * with the sentence the user reads (the log and the audit trail keep the reason; the page never
 * shows a stack trace or the provider's raw answer).
 */

/** Every reason an external sign-in is refused. */
export const EXTERNAL_REFUSALS = [
  'not-configured',
  'no-pending-sign-in',
  'binding-mismatch',
  'expired',
  'provider-error',
  'provider-unreachable',
  'token-exchange-failed',
  'invalid-id-token',
  'wrong-issuer',
  'wrong-audience',
  'token-expired',
  'nonce-mismatch',
  'no-user-claim',
  'unknown-user',
  'user-disabled',
  'invalid-assertion',
  'wrong-recipient',
  'not-in-response-to',
  'assertion-replayed',
] as const
/** One of {@link EXTERNAL_REFUSALS}. */
export type ExternalRefusalReason = (typeof EXTERNAL_REFUSALS)[number]

const AGAIN = 'Go back to the access portal and sign in again.'

/** What the user reads for each reason. */
export const REFUSAL_MESSAGES: Readonly<Record<ExternalRefusalReason, string>> = {
  'not-configured': 'This access portal does not sign in through an external identity provider.',
  'no-pending-sign-in': `This sign-in link is not valid or was already used. ${AGAIN}`,
  'binding-mismatch': `This sign-in was started in another browser or tab. ${AGAIN}`,
  expired: `This sign-in took too long and has expired. ${AGAIN}`,
  'provider-error': `The identity provider did not sign you in. ${AGAIN}`,
  'provider-unreachable': 'The identity provider cannot be reached right now. Try again later.',
  'token-exchange-failed': `The identity provider refused to complete the sign-in. ${AGAIN}`,
  'invalid-id-token': `The identity provider's answer could not be verified. ${AGAIN}`,
  'wrong-issuer': `The identity provider's answer came from an unexpected issuer. ${AGAIN}`,
  'wrong-audience': `The identity provider's answer was meant for another application. ${AGAIN}`,
  'token-expired': `The identity provider's answer has expired. ${AGAIN}`,
  'nonce-mismatch': `The identity provider's answer does not belong to this sign-in. ${AGAIN}`,
  'no-user-claim': 'The identity provider did not say who you are (no user name in its answer).',
  'unknown-user':
    'You are not a user of this access portal yet. Ask your administrator to provision your user.',
  'user-disabled': 'Your user is disabled. Ask your administrator.',
  'invalid-assertion': `The identity provider's answer could not be verified. ${AGAIN}`,
  'wrong-recipient': `The identity provider's answer was sent to another address. ${AGAIN}`,
  'not-in-response-to': `The identity provider's answer does not belong to this sign-in. ${AGAIN}`,
  'assertion-replayed': `This sign-in answer was already used. ${AGAIN}`,
}

/**
 * A refused external sign-in.
 * @example throw new ExternalSignInRefused('nonce-mismatch')
 */
export class ExternalSignInRefused extends Error {
  readonly reason: ExternalRefusalReason
  /** The user name, once the ID token named one. */
  readonly userName: string | undefined

  constructor(reason: ExternalRefusalReason, detail?: string, userName?: string) {
    super(detail === undefined ? reason : `${reason}: ${detail}`)
    this.name = 'ExternalSignInRefused'
    this.reason = reason
    this.userName = userName
  }
}
