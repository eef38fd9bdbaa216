#!/usr/bin/env node
// Validates every state machine definition of synthesized CloudFormation templates with the
// Amazon States Language validator (npm asl-validator, pinned in the root package-lock.json): an
// independent check of what the CDK app builds, beside the Java tests that read the same definitions.
//
//   node infra/asl/validate-state-machines.js <cloud assembly dir>...
//
// A definition is synthesized as an Fn::Join of text and CloudFormation tokens (a function's ARN, the
// partition, the region, another stack's output). Each token is replaced by a stand-in of the shape it
// takes at deploy time (an ARN where the token is an ARN), so the definition is the JSON Step Functions
// would receive. Exit status: 0 when every definition is valid, 1 when one is not or none was found.
'use strict';

const fs = require('fs');
const path = require('path');
const aslValidator = require('asl-validator');

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const PSEUDO = {
  'AWS::Partition': 'aws',
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'stack',
  'AWS::NoValue': '',
};

/** The service part of an ARN for a resource type: AWS::Lambda::Function -> lambda. */
function serviceOf(template, logicalId) {
  const resource = (template.Resources || {})[logicalId];
  const type = resource ? resource.Type : 'AWS::Unknown::Resource';
  return type.split('::')[1].toLowerCase();
}

function standInArn(template, logicalId) {
  return `arn:aws:${serviceOf(template, logicalId)}:${REGION}:${ACCOUNT}:${logicalId.toLowerCase()}`;
}

/** A token's value as a string of the shape it has once deployed. */
function resolve(template, value) {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value) || value === null || typeof value !== 'object') {
    throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  }
  const [fn] = Object.keys(value);
  const arg = value[fn];
  switch (fn) {
    case 'Ref':
      return PSEUDO[arg] !== undefined ? PSEUDO[arg] : standInArn(template, arg);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(arg) ? arg : arg.split('.');
      return /Arn$/.test(attribute) ? standInArn(template, logicalId) : `${logicalId.toLowerCase()}-${attribute.toLowerCase()}`;
    }
    case 'Fn::Join':
      return arg[1].map((part) => resolve(template, part)).join(arg[0]);
    case 'Fn::FindInMap': {
      const [map, key, attribute] = arg.map((part) => resolve(template, part));
      return String(template.Mappings[map][key][attribute]);
    }
    case 'Fn::Sub': {
      const [text, variables] = Array.isArray(arg) ? arg : [arg, {}];
      return text.replace(/\$\{([^}]+)\}/g, (whole, name) => (variables[name] !== undefined
        ? resolve(template, variables[name])
        : resolve(template, name.includes('.') ? { 'Fn::GetAtt': name.split('.') } : { Ref: name })));
    }
    case 'Fn::Select':
      return resolve(template, arg[1][Number(arg[0])]);
    case 'Fn::ImportValue':
    case 'Fn::GetStackOutput':
      // Another stack's output: in this app, ARNs and names of the data stack's resources.
      return `arn:aws:s3:::stand-in-${Object.values(arg).map((part) => resolve(template, part)).join('-').toLowerCase()}`;
    default:
      throw new Error(`no stand-in for ${fn}`);
  }
}

function templatesIn(dir) {
  return fs.readdirSync(dir).filter((name) => name.endsWith('.template.json')).map((name) => path.join(dir, name));
}

let checked = 0;
let invalid = 0;
const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: validate-state-machines.js <cloud assembly dir>...');
  process.exit(1);
}
for (const dir of dirs) {
  for (const file of templatesIn(dir)) {
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const [logicalId, resource] of Object.entries(template.Resources || {})) {
      if (resource.Type !== 'AWS::StepFunctions::StateMachine') {
        continue;
      }
      const where = `${path.relative(process.cwd(), file)} ${logicalId}`;
      const text = resolve(template, resource.Properties.DefinitionString);
      const definition = JSON.parse(text);
      const { isValid, errorsText } = aslValidator(definition);
      checked += 1;
      if (isValid) {
        console.log(`asl-validator: ${where}: valid (${Object.keys(definition.States).length} top-level states)`);
      } else {
        invalid += 1;
        console.error(`asl-validator: ${where}: INVALID\n  ${errorsText('\n  ')}`);
      }
    }
  }
}
if (checked === 0) {
  console.error(`asl-validator: no state machine found in ${dirs.join(', ')}`);
  process.exit(1);
}
console.log(`asl-validator: ${checked} state machine definition(s), ${invalid} invalid`);
process.exit(invalid === 0 ? 0 : 1);
