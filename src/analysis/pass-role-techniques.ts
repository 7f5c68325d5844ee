/**
 * Ways to run code as a role through an AWS service: pass the role to the service (`iam:PassRole`,
 * decided with `iam:PassedToService`) and ask the service to run something. Each names the service
 * principals the role must trust and the calls made, with the resources they act on.
 */

/** One call of a technique. */
export interface ServiceCall {
  readonly action: string
  readonly resource: (region: string, account: string) => string
  /**
   * What the step depends on outside IAM; a function of the instance profiles holding the role
   * (undefined when the snapshot does not know them).
   */
  readonly note?: string | ((profiles: readonly string[] | undefined) => string)
}

/** One technique. */
export interface PassRoleTechnique {
  readonly name: string
  /** The service principals of which the role must trust one. */
  readonly services: readonly string[]
  /** Whether the role is passed (false: the role is already on a resource, as an instance's). */
  readonly passRole: boolean
  /**
   * Instance profiles: `create-if-missing` (no profile holds the role: make one and add the role
   * first), `required` (no profile holds it: the technique cannot apply).
   */
  readonly instanceProfile?: 'create-if-missing' | 'required'
  readonly actions: readonly ServiceCall[]
}

const NAME = 'xaccess-escalation'
const arn =
  (service: string, resource: string, global = false) =>
  (region: string, account: string) =>
    `arn:aws:${service}:${global ? '' : region}:${account}:${resource}`

/** The techniques, as the literature of IAM privilege escalation lists them. */
export const PASS_ROLE_TECHNIQUES: readonly PassRoleTechnique[] = [
  {
    name: 'PassRole+ec2:RunInstances',
    services: ['ec2.amazonaws.com'],
    passRole: true,
    instanceProfile: 'create-if-missing',
    actions: [
      {
        action: 'ec2:RunInstances',
        resource: arn('ec2', 'instance/*'),
        note: (profiles) =>
          profiles === undefined
            ? '; an instance profile holding the role must exist'
            : `; with the instance profile ${profiles[0] ?? 'made above'}`,
      },
    ],
  },
  {
    name: 'PassRole+lambda:CreateFunction+InvokeFunction',
    services: ['lambda.amazonaws.com'],
    passRole: true,
    actions: [
      { action: 'lambda:CreateFunction', resource: arn('lambda', `function:${NAME}`) },
      { action: 'lambda:InvokeFunction', resource: arn('lambda', `function:${NAME}`) },
    ],
  },
  {
    name: 'PassRole+lambda:CreateFunction+CreateEventSourceMapping',
    services: ['lambda.amazonaws.com'],
    passRole: true,
    actions: [
      { action: 'lambda:CreateFunction', resource: arn('lambda', `function:${NAME}`) },
      {
        action: 'lambda:CreateEventSourceMapping',
        resource: arn('lambda', `event-source-mapping:${NAME}`),
        note: '; an event source (a DynamoDB or Kinesis stream, an SQS queue) must exist',
      },
    ],
  },
  {
    name: 'PassRole+cloudformation:CreateStack',
    services: ['cloudformation.amazonaws.com'],
    passRole: true,
    actions: [
      { action: 'cloudformation:CreateStack', resource: arn('cloudformation', `stack/${NAME}/*`) },
    ],
  },
  {
    name: 'PassRole+glue:CreateDevEndpoint',
    services: ['glue.amazonaws.com'],
    passRole: true,
    actions: [{ action: 'glue:CreateDevEndpoint', resource: arn('glue', `devEndpoint/${NAME}`) }],
  },
  {
    name: 'glue:UpdateDevEndpoint',
    services: ['glue.amazonaws.com'],
    passRole: false,
    actions: [
      {
        action: 'glue:UpdateDevEndpoint',
        resource: arn('glue', 'devEndpoint/*'),
        note: '; a development endpoint running with the role must exist',
      },
    ],
  },
  {
    name: 'PassRole+codebuild:CreateProject+StartBuild',
    services: ['codebuild.amazonaws.com'],
    passRole: true,
    actions: [
      { action: 'codebuild:CreateProject', resource: arn('codebuild', `project/${NAME}`) },
      { action: 'codebuild:StartBuild', resource: arn('codebuild', `project/${NAME}`) },
    ],
  },
  {
    name: 'PassRole+sagemaker:CreateNotebookInstance',
    services: ['sagemaker.amazonaws.com'],
    passRole: true,
    actions: [
      {
        action: 'sagemaker:CreateNotebookInstance',
        resource: arn('sagemaker', `notebook-instance/${NAME}`),
      },
      {
        action: 'sagemaker:CreatePresignedNotebookInstanceUrl',
        resource: arn('sagemaker', `notebook-instance/${NAME}`),
      },
    ],
  },
  {
    name: 'PassRole+datapipeline:CreatePipeline',
    services: ['datapipeline.amazonaws.com', 'elasticmapreduce.amazonaws.com'],
    passRole: true,
    actions: [
      { action: 'datapipeline:CreatePipeline', resource: () => '*' },
      {
        action: 'datapipeline:PutPipelineDefinition',
        resource: arn('datapipeline', `pipeline/${NAME}`),
      },
      {
        action: 'datapipeline:ActivatePipeline',
        resource: arn('datapipeline', `pipeline/${NAME}`),
      },
    ],
  },
  {
    name: 'PassRole+ecs:RunTask',
    services: ['ecs-tasks.amazonaws.com'],
    passRole: true,
    actions: [
      { action: 'ecs:RegisterTaskDefinition', resource: () => '*' },
      {
        action: 'ecs:RunTask',
        resource: arn('ecs', `task-definition/${NAME}:1`),
        note: '; an ECS cluster must exist',
      },
    ],
  },
  {
    name: 'ssm:SendCommand',
    services: ['ec2.amazonaws.com'],
    passRole: false,
    instanceProfile: 'required',
    actions: [
      {
        action: 'ssm:SendCommand',
        resource: arn('ec2', 'instance/*'),
        note: (profiles) =>
          `; an instance running with ${profiles?.[0] === undefined ? 'the role (its instance profile)' : `the instance profile ${profiles[0]}`} and the SSM agent must exist`,
      },
    ],
  },
]
