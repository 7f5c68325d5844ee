/**
 * Reads a password for `xaccess sso set-password`: from a pipe, all of standard input minus one
 * final line break; from a terminal, one line typed without echo after a prompt on stderr.
 */
import { readStdin } from '../read-stdin.ts'

/** A terminal-like input: Node's `process.stdin` when it is a TTY. */
interface TtyInput extends NodeJS.ReadableStream {
  isTTY?: boolean
  setRawMode?: (mode: boolean) => unknown
}

/** The password; an empty string when nothing was given. */
export async function readPassword(
  input: TtyInput = process.stdin,
  prompt: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  if (input.isTTY !== true || input.setRawMode === undefined) {
    return (await readStdin(input)).replace(/\r?\n$/, '')
  }
  prompt.write('Password: ')
  input.setRawMode(true)
  input.resume()
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = ''
      const onData = (chunk: Buffer | string) => {
        for (const char of chunk.toString()) {
          if (char === '\r' || char === '\n' || char === '\u0004') {
            input.off('data', onData)
            resolve(typed)
            return
          }
          if (char === '\u0003') {
            input.off('data', onData)
            reject(new Error('interrupted'))
            return
          }
          typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char
        }
      }
      input.on('data', onData)
    })
  } finally {
    input.setRawMode(false)
    input.pause()
    prompt.write('\n')
  }
}
