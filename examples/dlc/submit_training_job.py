"""Submit a spot training job to PAI-DLC on what a GpuTraining stack built.

    pip install 'retail-ai-components[dlc]'
    pulumi stack output --json --show-secrets=false > outputs.json        # in the stack's project
    # An image of the platform's private registry: its temporary login (an hour long), in the environment.
    export REGISTRY_PASSWORD=$(aliyun cr GetAuthorizationToken --InstanceId <cr instance id> | jq -r .AuthorizationToken)
    python submit_training_job.py outputs.json --gpus 16 --image <registry-vpc image> --command 'python train.py' \
        --registry-username "$(aliyun cr GetAuthorizationToken --InstanceId <cr instance id> | jq -r .TempUsername)"

Credentials come from Alibaba Cloud's default credential chain (environment variables, the CLI profile in
~/.alibabacloud, an ECS RAM role, or OIDC/RRSA in a pod); nothing here reads or stores a key. The registry
password is read from REGISTRY_PASSWORD, never from the command line, and never printed. The job runs as the
stack's PAI-DLC role (``--role-arn``, by default the ``trainingDlcRoleArn`` output). ``--dry-run`` prints the
request, password hidden, instead of sending it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from retail_ai_components.dlc import create_job_request, redacted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("outputs", type=Path, help="`pulumi stack output --json` of the stack")
    parser.add_argument(
        "--training-output", default="trainingJob", help="the stack output holding GpuTraining's job settings"
    )
    parser.add_argument("--name", default="retail-ranking-training")
    parser.add_argument("--image", required=True)
    parser.add_argument("--command", required=True)
    parser.add_argument("--gpus", type=int, required=True)
    parser.add_argument("--on-demand", action="store_true", help="use on-demand instead of spot capacity")
    parser.add_argument("--region", help="default: the stack's `region` output")
    parser.add_argument("--vpc-id", help="default: the stack's `vpcId` output")
    parser.add_argument(
        "--vswitch-id", help="a vSwitch of the training tier; default: the first of the vswitchIds output's"
    )
    parser.add_argument(
        "--security-group-id", help="default: the training tier's in the securityGroupIds output"
    )
    parser.add_argument(
        "--role-arn", help="the role PAI assumes for the job; default: the stack's --role-output output"
    )
    parser.add_argument("--role-output", default="trainingDlcRoleArn")
    parser.add_argument(
        "--registry-username",
        help="login of a private registry (its password in the REGISTRY_PASSWORD environment variable)",
    )
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)

    outputs = json.loads(args.outputs.read_text(encoding="utf-8"))
    training = outputs[args.training_output]
    job_settings = training.get("jobSettings", training)
    region = args.region or outputs["region"]
    vswitch_id = args.vswitch_id or next(iter(outputs["vswitchIds"]["training"].values()))
    security_group_id = args.security_group_id or outputs["securityGroupIds"]["training"]
    registry_auth = None
    if args.registry_username:
        password = os.environ.get("REGISTRY_PASSWORD")
        if not password:
            parser.error("--registry-username needs the registry's password in REGISTRY_PASSWORD")
        registry_auth = {"username": args.registry_username, "password": password}
    request = create_job_request(
        {
            "display_name": args.name,
            "image": args.image,
            "command": args.command,
            "gpus": args.gpus,
            "spot": not args.on_demand,
        },
        job_settings,
        region=region,
        vpc_id=args.vpc_id or outputs["vpcId"],
        vswitch_id=vswitch_id,
        security_group_id=security_group_id,
        role_arn=args.role_arn or outputs.get(args.role_output, ""),
        registry_auth=registry_auth,
    )
    if args.dry_run:
        json.dump(redacted(request), sys.stdout, indent=2)
        print()
        return 0

    from alibabacloud_credentials.client import Client as CredentialClient
    from alibabacloud_pai_dlc20201203.client import Client
    from alibabacloud_pai_dlc20201203.models import CreateJobRequest
    from alibabacloud_tea_openapi.models import Config

    client = Client(Config(credential=CredentialClient(), region_id=region))
    response = client.create_job(CreateJobRequest().from_map(request))
    print(json.dumps(response.body.to_map(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
