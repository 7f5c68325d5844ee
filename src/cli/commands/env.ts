/**
 * `xaccess env`: prints shell export lines for the management account root's access key, read from
 * `<data-dir>/bootstrap.json` (the file the first start wrote, readable only by its owner).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

export const ENV_HELP = `usage: eval "$(xaccess env [--data-dir .xaccess])"

Prints export lines for AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and
AWS_ENDPOINT_URL (honoured by the AWS SDKs; AWS CLI 2.9 needs --endpoint-url) from the
bootstrap.json that 'xaccess serve' wrote on its first start.
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

export async function envCommand(argv: readonly string[], io: Io): Promise<number> {
  let dataDir: string
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string', default: '.xaccess' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    })
    if (values.help === true) {
      io.stdout.write(ENV_HELP)
      return 0
    }
    dataDir = values['data-dir']
  } catch (e) {
    io.stderr.write(`xaccess env: ${(e as Error).message}\n\n${ENV_HELP}`)
    return 2
  }
  const file = join(dataDir, 'bootstrap.json')
  let b: Record<string, unknown>
  try {
    b = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch (e) {
    io.stderr.write(
      `xaccess env: cannot read ${file}: ${(e as Error).message} (start 'xaccess serve' first)\n`,
    )
    return 1
  }
  io.stdout.write(
    [
      `export AWS_ACCESS_KEY_ID=${shellQuote(String(b.accessKeyId))}`,
      `export AWS_SECRET_ACCESS_KEY=${shellQuote(String(b.secretAccessKey))}`,
      `export AWS_REGION=us-east-1`,
      `export AWS_ENDPOINT_URL=${shellQuote(String(b.endpoint))}`,
      '',
    ].join('\n'),
  )
  return 0
}
