/** `sts:GetAccessKeyInfo`: the account that owns an access key. */
import { InputReader } from '../common/input-reader.ts'
import { operation } from '../common/operation.ts'
import { stsErrors } from './errors.ts'
import type { StsDirectory } from './sts-directory.ts'
import { STS_PATTERNS } from './sts-input.ts'

/** GetAccessKeyInfo, looking keys up through `directory`. */
export const getAccessKeyInfoOperation = (deps: { directory: StsDirectory }) =>
  operation({
    parse(raw): { accessKeyId: string } {
      const r = new InputReader(raw)
      const accessKeyId = r.string('AccessKeyId', {
        required: true,
        min: 16,
        max: 128,
        pattern: STS_PATTERNS.accessKeyId,
      })
      r.done()
      return { accessKeyId }
    },
    authorization: () => ({ action: 'sts:GetAccessKeyInfo', resource: '*' }),
    async run(input, call): Promise<{ Account: string }> {
      const account = await deps.directory.accessKeyAccount(input.accessKeyId)
      if (account !== undefined) return { Account: account }
      // Temporary keys live only in their tokens: the caller's own is known.
      if (input.accessKeyId === call.caller.accessKeyId) return { Account: call.caller.accountId }
      throw stsErrors.unknownAccessKey(input.accessKeyId)
    },
  })
