"""The compliant shapes our reference stacks produce (inputs as the engine sends them): none may draw a
mandatory violation. Kept in one place so the in-process and the real-analyzer tests share it."""

from __future__ import annotations

import json
from typing import Any

from _harness import UNKNOWN

ROLE = "acs:ram::1234567890:role/retail-trainer"
BUCKET_POLICY = {
    "Version": "1",
    "Statement": [
        {
            "Effect": "Deny",
            "Principal": ["*"],
            "Action": ["oss:DeleteObject", "oss:DeleteBucket"],
            "Resource": ["acs:oss:*:*:retail-catalog", "acs:oss:*:*:retail-catalog/*"],
        },
        {
            "Effect": "Allow",
            "Principal": [ROLE],
            "Action": ["oss:GetObject", "oss:ListObjects"],
            "Resource": ["acs:oss:*:*:retail-catalog", "acs:oss:*:*:retail-catalog/*"],
        },
        {
            "Effect": "Allow",
            "Principal": ["*"],
            "Action": ["oss:GetObject"],
            "Resource": ["acs:oss:*:*:retail-catalog/*"],
            "Condition": {"StringEquals": {"acs:SourceVpc": ["vpc-placeholder"]}},
        },
    ],
}
EAS_CONFIG = {
    "metadata": {"name": "ranker", "instance": 2, "workspace_id": "ws-1"},
    "cloud": {
        "computing": {"instance_type": "ecs.gn7i-c8g1.2xlarge"},
        "networking": {"vpc_id": "vpc-1", "vswitch_id": "vsw-1", "security_group_id": "sg-1"},
    },
    "containers": [{"image": "registry-vpc.cn-hangzhou.aliyuncs.com/retail/ranker:1.0", "port": 8000}],
    "networking": {"gateway": "gw-intranet"},
}

RESOURCES: list[dict[str, Any]] = [
    {
        "type": "pulumi:providers:alicloud",
        "name": "default_4_0_0",
        "props": {"region": "cn-hangzhou", "version": "4.0.0"},
    },
    {
        "type": "alicloud:vpc/network:Network",
        "name": "net-vpc",
        "props": {"cidrBlock": "10.0.0.0/8", "vpcName": "net"},
    },
    {
        "type": "alicloud:vpc/switch:Switch",
        "name": "net-vsw-inference-cn-hangzhou-h",
        "props": {"vpcId": UNKNOWN, "cidrBlock": "10.0.0.0/16", "zoneId": "cn-hangzhou-h"},
    },
    {
        "type": "alicloud:vpc/switch:Switch",
        "name": "net-vsw-data-cn-hangzhou-k",
        "props": {"vpcId": "vpc-1", "cidrBlock": "10.1.0.0/20", "zoneId": "cn-hangzhou-k"},
    },
    {
        "type": "alicloud:ecs/securityGroup:SecurityGroup",
        "name": "net-sg-inference",
        "props": {"vpcId": "vpc-1", "securityGroupName": "net-sg-inference", "innerAccessPolicy": "Drop"},
    },
    {
        "type": "alicloud:ecs/securityGroupRule:SecurityGroupRule",
        "name": "net-sg-inference-ingress-0",
        "props": {
            "type": "ingress",
            "securityGroupId": UNKNOWN,
            "ipProtocol": "tcp",
            "portRange": "1/65535",
            "cidrIp": "10.0.0.0/8",
            "nicType": "intranet",
            "policy": "accept",
            "priority": 1.0,
        },
    },
    {
        "type": "alicloud:ecs/securityGroupRule:SecurityGroupRule",
        "name": "net-sg-data-ingress-0",
        "props": {
            "type": "ingress",
            "securityGroupId": "sg-2",
            "ipProtocol": "tcp",
            "portRange": "6379/6379",
            "sourceSecurityGroupId": UNKNOWN,
            "nicType": "intranet",
            "policy": "accept",
            "priority": 1.0,
        },
    },
    {
        "type": "alicloud:vpc/natGateway:NatGateway",
        "name": "net-nat-cn-hangzhou-h",
        "props": {
            "vpcId": "vpc-1",
            "vswitchId": "vsw-1",
            "natType": "Enhanced",
            "networkType": "internet",
            "paymentType": "PayAsYouGo",
            "internetChargeType": "PayByLcu",
            "eipBindMode": "NAT",
        },
    },
    {
        "type": "alicloud:ecs/eipAddress:EipAddress",
        "name": "net-nat-eip-cn-hangzhou-h",
        "props": {
            "addressName": "net-nat-eip",
            "bandwidth": "200",
            "internetChargeType": "PayByTraffic",
            "paymentType": "PayAsYouGo",
        },
    },
    {
        "type": "alicloud:ecs/eipAssociation:EipAssociation",
        "name": "net-nat-eip-cn-hangzhou-h-association",
        "props": {"allocationId": UNKNOWN, "instanceId": UNKNOWN, "instanceType": "Nat"},
    },
    {
        "type": "alicloud:vpc/snatEntry:SnatEntry",
        "name": "net-snat-inference-cn-hangzhou-h",
        "props": {"snatTableId": UNKNOWN, "sourceVswitchId": UNKNOWN, "snatIp": UNKNOWN},
    },
    {
        "type": "alicloud:kms/key:Key",
        "name": "storage-key",
        "protect": True,
        "props": {
            "description": "retail",
            "automaticRotation": "Enabled",
            "rotationInterval": "365d",
            "pendingWindowInDays": 30.0,
        },
    },
    {
        "type": "alicloud:oss/bucket:Bucket",
        "name": "retail-catalog",
        "protect": True,
        "props": {
            "bucket": "retail-catalog",
            "storageClass": "Standard",
            "redundancyType": "ZRS",
            "serverSideEncryptionRule": {"sseAlgorithm": "KMS", "kmsMasterKeyId": "key-1"},
            "versioning": {"status": "Enabled"},
            "logging": {"targetBucket": "retail-logs", "targetPrefix": "catalog/"},
            "lifecycleRules": [
                {"id": "archive", "enabled": True, "transitions": [{"days": 90.0, "storageClass": "Archive"}]}
            ],
        },
    },
    {
        "type": "alicloud:oss/bucketAcl:BucketAcl",
        "name": "retail-catalog-acl",
        "props": {"bucket": "retail-catalog", "acl": "private"},
    },
    {
        "type": "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "name": "retail-catalog-pab",
        "props": {"bucket": "retail-catalog", "blockPublicAccess": True},
    },
    {
        "type": "alicloud:oss/bucketPolicy:BucketPolicy",
        "name": "retail-catalog-policy",
        "props": {"bucket": "retail-catalog", "policy": json.dumps(BUCKET_POLICY)},
    },
    {
        "type": "alicloud:redis/tairInstance:TairInstance",
        "name": "features-tair",
        "protect": True,
        "props": {
            "instanceType": "tair_scm",
            "instanceClass": "tair.scm.standard.1m.4d",
            "engineVersion": "1.0",
            "vpcId": "vpc-1",
            "vswitchId": "vsw-2",
            "zoneId": "cn-hangzhou-k",
            "vpcAuthMode": "Open",
            "securityIps": "10.0.0.0/8",
            "paymentType": "PayAsYouGo",
            "sslEnabled": "Enable",
        },
    },
    {
        "type": "alicloud:log/project:Project",
        "name": "clickstream",
        "protect": True,
        "props": {"projectName": "retail-clickstream"},
    },
    {
        "type": "alicloud:log/store:Store",
        "name": "clickstream-events",
        "protect": True,
        "props": {
            "projectName": "retail-clickstream",
            "logstoreName": "events",
            "retentionPeriod": 30.0,
            "shardCount": 2.0,
            "autoSplit": True,
            "maxSplitShardCount": 64.0,
        },
    },
    {
        "type": "alicloud:realtimecompute/vvpInstance:VvpInstance",
        "name": "features-flink",
        "props": {
            "paymentType": "PayAsYouGo",
            "vpcId": "vpc-1",
            "vswitchIds": ["vsw-2"],
            "zoneId": "cn-hangzhou-k",
            "vvpInstanceName": "features",
            "storage": {"oss": {"bucket": "retail-flink-state"}},
            "resourceSpec": {"cpu": 8.0, "memoryGb": 32.0},
        },
    },
    {
        "type": "alicloud:pai/service:Service",
        "name": "ranker",
        "props": {"serviceConfig": json.dumps(EAS_CONFIG), "workspaceId": "ws-1", "develop": "false"},
    },
    {
        "type": "alicloud:cs/managedKubernetes:ManagedKubernetes",
        "name": "burst-cluster",
        "protect": True,
        "props": {
            "name": "burst",
            "clusterSpec": "ack.pro.small",
            "vswitchIds": ["vsw-1"],
            "podVswitchIds": ["vsw-3"],
            "serviceCidr": "192.168.0.0/16",
            "slbInternetEnabled": False,
            "newNatGateway": False,
            "deletionProtection": True,
            "zoneIds": ["cn-hangzhou-h"],
            "addons": [{"name": "terway-eniip"}, {"name": "ack-virtual-node"}],
            "timezone": "Asia/Shanghai",
        },
    },
    {
        "type": "alicloud:cs/nodePool:NodePool",
        "name": "burst-baseline",
        "props": {
            "clusterId": UNKNOWN,
            "nodePoolName": "baseline",
            "vswitchIds": ["vsw-1"],
            "instanceTypes": ["ecs.g7.2xlarge"],
            "desiredSize": "3",
            "spotStrategy": "NoSpot",
            "systemDiskCategory": "cloud_essd",
            "systemDiskEncrypted": True,
            "management": {"enable": True, "autoRepair": True, "autoUpgrade": True},
        },
    },
    {
        "type": "alicloud:cs/nodePool:NodePool",
        "name": "training-gpu-spot",
        "props": {
            "clusterId": UNKNOWN,
            "nodePoolName": "gpu-spot",
            "vswitchIds": ["vsw-4"],
            "instanceTypes": ["ecs.gn7e-c16g1.32xlarge"],
            "spotStrategy": "SpotAsPriceGo",
            "scalingConfig": {"enable": True, "minSize": 0.0, "maxSize": 4.0, "type": "spot"},
            "taints": [{"key": "workload", "value": "training", "effect": "NoSchedule"}],
            "systemDiskEncrypted": True,
            "management": {"enable": True, "autoRepair": True},
        },
    },
    {
        "type": "alicloud:eci/imageCache:ImageCache",
        "name": "burst-image-cache",
        "props": {
            "imageCacheName": "ranker",
            "images": ["registry-vpc.cn-hangzhou.aliyuncs.com/retail/ranker:1.0"],
            "securityGroupId": UNKNOWN,
            "vswitchId": UNKNOWN,
            "zoneId": "cn-hangzhou-h",
        },
    },
    # The platform's CI runner inside the VPC: no public address, no ingress rule, its own disk key.
    {
        "type": "alicloud:ecs/securityGroup:SecurityGroup",
        "name": "ci-runner-sg",
        "props": {"vpcId": "vpc-1", "securityGroupName": "ci-runner-sg", "innerAccessPolicy": "Drop"},
    },
    {
        "type": "alicloud:ecs/instance:Instance",
        "name": "ci-runner-instance",
        "props": {
            "instanceName": "ci-runner",
            "availabilityZone": "cn-hangzhou-h",
            "vswitchId": "vsw-1",
            "securityGroups": [UNKNOWN],
            "instanceType": "ecs.g7.xlarge",
            "imageId": "aliyun_3_x64_20G_alibase_20240819.vhd",
            "instanceChargeType": "PostPaid",
            "internetMaxBandwidthOut": 0,
            "httpTokens": "required",
            "httpEndpoint": "enabled",
            "securityEnhancementStrategy": "Active",
            "systemDiskCategory": "cloud_essd",
            "systemDiskPerformanceLevel": "PL1",
            "systemDiskSize": 100,
            "systemDiskEncrypted": True,
            "systemDiskKmsKeyId": "key-1",
            "tags": {"role": "ci-runner"},
        },
    },
    {"type": "retailai:index:Network", "name": "net", "props": {}},
]
