/**
 * `sts:DecodeAuthorizationMessage`: opens an encoded authorization message that this server
 * sealed when it denied a request, giving back the decision, the context and the engine's
 * explanation as JSON text.
 */
import type { SealedBox } from '../common/sealed-box.ts'
import { InputReader } from '../common/input-reader.ts'
import { operation } from '../common/operation.ts'
import { stsErrors } from './errors.ts'

/** DecodeAuthorizationMessage, opening messages with `box`. */
export const decodeAuthorizationMessageOperation = (deps: { box: SealedBox }) =>
  operation({
    parse(raw): { encodedMessage: string } {
      const r = new InputReader(raw)
      const encodedMessage = r.string('EncodedMessage', { required: true, min: 1, max: 10240 })
      r.done()
      return { encodedMessage }
    },
    authorization: () => ({ action: 'sts:DecodeAuthorizationMessage', resource: '*' }),
    async run(input): Promise<{ DecodedMessage: string }> {
      const opened = deps.box.open('authorization-message', input.encodedMessage)
      if (opened === undefined) throw stsErrors.invalidAuthorizationMessage()
      return { DecodedMessage: opened.toString('utf8') }
    },
  })
