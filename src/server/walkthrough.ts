/**
 * The walkthrough `npm start` prints: AWS CLI v2 commands a newcomer can paste into another
 * terminal to see cross-account access work (and be refused) against this server.
 */

/** Renders the walkthrough for a server at `url`, with the organization file's account ids. */
export function walkthrough(
  url: string,
  dataDir: string,
  accounts: Readonly<Record<string, string>>,
): string {
  const infra = accounts['Infra']
  const dev = accounts['Dev']
  const lines = [
    '',
    'Walkthrough — paste into another terminal (bash, AWS CLI v2; on Debian it is /usr/bin/aws):',
    '',
    `  X="--endpoint-url ${url}"`,
    `  eval "$(npx xaccess env --data-dir ${dataDir})"        # the management account's root key`,
    '  aws $X sts get-caller-identity',
    '  aws $X organizations list-accounts --query "Accounts[].[Name,Id]" --output table',
  ]
  lines.push(
    '',
    '  # Root users may not assume roles (nor should they do daily work): create an administrator.',
    '  aws $X iam create-user --user-name admin',
    '  aws $X iam attach-user-policy --user-name admin --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
    '  read ADMIN_KEY ADMIN_SECRET < <(aws $X iam create-access-key --user-name admin \\',
    '    --query "AccessKey.[AccessKeyId,SecretAccessKey]" --output text)',
    '  export AWS_ACCESS_KEY_ID=$ADMIN_KEY AWS_SECRET_ACCESS_KEY=$ADMIN_SECRET',
  )
  if (infra !== undefined && dev !== undefined) {
    lines.push(
      '',
      '  # Into Infra as an administrator, through the role every new account gets:',
      `  read AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN < <(aws $X sts assume-role \\`,
      `    --role-arn arn:aws:iam::${infra}:role/OrganizationAccountAccessRole --role-session-name admin \\`,
      '    --query "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]" --output text)',
      '  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
      '  aws $X sts get-caller-identity',
      '',
      "  # Become Infra's deployer (a user in the deployers group) with a new access key:",
      '  read AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY < <(aws $X iam create-access-key --user-name deployer \\',
      '    --query "AccessKey.[AccessKeyId,SecretAccessKey]" --output text); unset AWS_SESSION_TOKEN',
      '  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY',
      '',
      '  # Cross-account: the deployer assumes InfraAssumeRole in Dev (trust policy + sts:AssumeRole):',
      `  aws $X sts assume-role --role-arn arn:aws:iam::${dev}:role/InfraAssumeRole --role-session-name deploy`,
      '',
      '  # Refused: no identity-based policy lets the deployer create users:',
      '  aws $X iam create-user --user-name eve',
      '',
      '  # The administrator decodes why (the message ends with an encoded authorization message):',
      '  AWS_ACCESS_KEY_ID=$ADMIN_KEY AWS_SECRET_ACCESS_KEY=$ADMIN_SECRET \\',
      '    aws $X sts decode-authorization-message --encoded-message <the text after "message: ">',
    )
  }
  lines.push('', 'Policies in play: examples/securecart/org.yaml. Stop with Ctrl-C.', '')
  return lines.join('\n')
}
