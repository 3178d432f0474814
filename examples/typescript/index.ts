// An intranet-only stack: a VPC with one vSwitch per zone, a security group that admits the VPC only, an
// ACK cluster whose API server has no internet endpoint, and its workers on disks encrypted with the stack's
// own KMS key. Nothing here has a public address; workloads reach each other and the cloud's services over
// the VPC. `retail-ai preview --stack dev` judges it offline; `pulumi preview` and `pulumi up` deploy it.
import * as pulumi from "@pulumi/pulumi";
import * as alicloud from "@pulumi/alicloud";

const config = new pulumi.Config();
const zones = config.requireObject<string[]>("zones");
const name = `${pulumi.getProject()}-${pulumi.getStack()}`;
const cidrBlock = "10.0.0.0/16";

const vpc = new alicloud.vpc.Network("vpc", { vpcName: name, cidrBlock });
const vswitches = zones.map(
    (zoneId, i) =>
        new alicloud.vpc.Switch(`vsw-${zoneId}`, {
            vswitchName: `${name}-${zoneId}`,
            vpcId: vpc.id,
            cidrBlock: `10.0.${i * 16}.0/20`,
            zoneId,
        }),
);

const group = new alicloud.ecs.SecurityGroup("workers", {
    securityGroupName: `${name}-workers`,
    vpcId: vpc.id,
    innerAccessPolicy: "Drop",
});
new alicloud.ecs.SecurityGroupRule("https-from-vpc", {
    type: "ingress",
    ipProtocol: "tcp",
    portRange: "443/443",
    cidrIp: cidrBlock,
    securityGroupId: group.id,
});

// The workers' disks are encrypted with the stack's own key, rotated yearly.
// Protected: a deleted key makes every disk it encrypts unreadable.
const diskKey = new alicloud.kms.Key(
    "disks",
    {
        description: `${name} worker disks`,
        automaticRotation: "Enabled",
        rotationInterval: "365d",
        pendingWindowInDays: 30,
    },
    { protect: true },
);

const cluster = new alicloud.cs.ManagedKubernetes("cluster", {
    name,
    clusterSpec: "ack.pro.small",
    vswitchIds: vswitches.map((v) => v.id),
    securityGroupId: group.id,
    slbInternetEnabled: false, // the API server is reached from the VPC, a bastion or a VPN
    newNatGateway: false, // no internet egress from the nodes
    podCidr: "172.20.0.0/16",
    serviceCidr: "172.21.0.0/20",
    proxyMode: "ipvs",
    deletionProtection: true,
});

new alicloud.cs.NodePool("workers", {
    nodePoolName: "workers",
    clusterId: cluster.id,
    vswitchIds: vswitches.map((v) => v.id),
    securityGroupIds: [group.id],
    instanceTypes: ["ecs.g7.xlarge"],
    systemDiskCategory: "cloud_essd",
    systemDiskSize: 120,
    systemDiskEncrypted: true,
    systemDiskKmsKey: diskKey.id,
    desiredSize: "2",
    management: { enable: true, autoRepair: true, autoUpgrade: true },
});

export const vpcId = vpc.id;
export const clusterId = cluster.id;
