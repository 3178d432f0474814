"""Single-region cases: every inventory row of inventory/sovereignty.yaml, failing and passing.

Values follow the provider's own examples (the SDK docstrings / Terraform docs of each resource); the stack's
region is the harness's ``cn-hangzhou``. A failing case names the property its message must mention.
"""

from __future__ import annotations

from typing import Any

from _harness import UNKNOWN, Case, StackCase, t, urn

HOME, ABROAD = "cn-hangzhou", "cn-beijing"
# ENS edge nodes (the provider's examples): one in another city, one in the allowed region's city.
NODE_F, NODE_H = "cn-chenzhou-telecom_unicom_cmcc", "cn-hangzhou-31"
PROV = "alicloud-provider-region-allowed"
ZONE = "alicloud-zone-in-allowed-region"
COPY = "alicloud-data-copy-in-allowed-region"
SCOPE = "cdn-domain-scope-in-region"
ARN = "alicloud-target-arn-in-allowed-region"
GLOBAL_DB = "db-global-database-denied"
GA_REGION = "ga-accelerator-in-allowed-region"
CEN_PATH = "cen-network-path-in-allowed-region"
PROVIDER = "pulumi:providers:alicloud"


def nested(path: str, value: Any) -> dict[str, Any]:
    """Props holding ``value`` at ``path`` (``a.b[].c``), one list item per ``[]``."""
    head, _, rest = path.partition(".")
    each = head.endswith("[]")
    key = head[:-2] if each else head
    inner: Any = nested(rest, value) if rest else value
    return {key: [inner] if each else inner}


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


# (case id stem, type, property path, base props from the provider's example, foreign value, home value)
COPY_ROWS: list[tuple[str, str, str, dict[str, Any], str, str]] = [
    (
        "oss-replication",
        "alicloud:oss/bucketReplication:BucketReplication",
        "destination.location",
        {"bucket": "bucket-src", "action": "ALL", "destination": {"bucket": "bucket-dst"}},
        "oss-cn-beijing",
        "oss-cn-hangzhou",
    ),
    (
        "rds-cross-backup",
        "alicloud:rds/rdsInstanceCrossBackupPolicy:RdsInstanceCrossBackupPolicy",
        "crossBackupRegion",
        {"instanceId": "rm-1", "retentType": 1.0, "retention": 7.0, "logBackupEnabled": "Enable"},
        "cn-shanghai",
        HOME,
    ),
    (
        "rds-ddr-restore",
        "alicloud:rds/ddrInstance:DdrInstance",
        "sourceRegion",
        {"engine": "MySQL", "engineVersion": "8.0", "restoreType": "BackupSet", "backupSetId": "1"},
        ABROAD,
        HOME,
    ),
    (
        "polardb-level2-backup",
        "alicloud:polardb/backupPolicy:BackupPolicy",
        "dataLevel2BackupAnotherRegionRegion",
        {"dbClusterId": "pc-1", "dataLevel2BackupAnotherRegionRetentionPeriod": "30"},
        "cn-shanghai",
        HOME,
    ),
    (
        "polardb-log-backup",
        "alicloud:polardb/backupPolicy:BackupPolicy",
        "logBackupAnotherRegionRegion",
        {"dbClusterId": "pc-1", "logBackupAnotherRegionRetentionPeriod": "7"},
        "cn-shanghai",
        HOME,
    ),
    (
        "dbs-storage",
        "alicloud:dbs/backupPlan:BackupPlan",
        "storageRegion",
        {"backupPlanName": "plan", "backupMethod": "logical", "databaseType": "MySQL"},
        ABROAD,
        HOME,
    ),
    (
        "dbs-database",
        "alicloud:dbs/backupPlan:BackupPlan",
        "databaseRegion",
        {"backupPlanName": "plan", "backupMethod": "logical", "databaseType": "MySQL"},
        ABROAD,
        HOME,
    ),
    (
        "dbs-source",
        "alicloud:dbs/backupPlan:BackupPlan",
        "sourceEndpointRegion",
        {"backupPlanName": "plan", "backupMethod": "logical", "databaseType": "MySQL"},
        ABROAD,
        HOME,
    ),
    (
        "hbr-replication-vault",
        "alicloud:hbr/replicationVault:ReplicationVault",
        "replicationSourceRegionId",
        {"vaultName": "vault", "replicationSourceVaultId": "v-1"},
        "cn-shanghai",
        HOME,
    ),
    (
        "sas-backup-policy",
        "alicloud:threatdetection/backupPolicy:BackupPolicy",
        "policyRegionId",
        {"backupPolicyName": "ransomware", "policyVersion": "2.0.0", "uuidLists": ["u-1"]},
        "ap-southeast-1",
        HOME,
    ),
    (
        "dts-instance-destination",
        "alicloud:dts/instance:Instance",
        "destinationRegion",
        {
            "type": "SYNC",
            "sourceEndpointEngineName": "MySQL",
            "sourceRegion": HOME,
            "destinationEndpointEngineName": "MySQL",
            "instanceClass": "large",
        },
        ABROAD,
        HOME,
    ),
    (
        "dts-instance-source",
        "alicloud:dts/instance:Instance",
        "sourceRegion",
        {"type": "SYNC", "destinationRegion": HOME, "instanceClass": "large"},
        ABROAD,
        HOME,
    ),
    (
        "dts-migration-instance-destination",
        "alicloud:dts/migrationInstance:MigrationInstance",
        "destinationEndpointRegion",
        {
            "paymentType": "PayAsYouGo",
            "sourceEndpointEngineName": "MySQL",
            "sourceEndpointRegion": HOME,
            "instanceClass": "small",
        },
        ABROAD,
        HOME,
    ),
    (
        "dts-migration-instance-source",
        "alicloud:dts/migrationInstance:MigrationInstance",
        "sourceEndpointRegion",
        {"paymentType": "PayAsYouGo", "destinationEndpointRegion": HOME},
        ABROAD,
        HOME,
    ),
    (
        "dts-migration-job-destination",
        "alicloud:dts/migrationJob:MigrationJob",
        "destinationEndpointRegion",
        {
            "dtsInstanceId": "dts-1",
            "dtsJobName": "job",
            "sourceEndpointInstanceType": "RDS",
            "sourceEndpointRegion": HOME,
            "dbList": "{}",
            "structureInitialization": True,
            "dataInitialization": True,
            "dataSynchronization": False,
        },
        ABROAD,
        HOME,
    ),
    (
        "dts-migration-job-source",
        "alicloud:dts/migrationJob:MigrationJob",
        "sourceEndpointRegion",
        {"dtsInstanceId": "dts-1", "dtsJobName": "job", "destinationEndpointRegion": HOME},
        ABROAD,
        HOME,
    ),
    (
        "dts-subscription-destination",
        "alicloud:dts/subscriptionJob:SubscriptionJob",
        "destinationRegion",
        {"paymentType": "PostPaid", "sourceEndpointEngineName": "MySQL", "sourceEndpointRegion": HOME},
        ABROAD,
        HOME,
    ),
    (
        "dts-subscription-source",
        "alicloud:dts/subscriptionJob:SubscriptionJob",
        "sourceEndpointRegion",
        {"paymentType": "PostPaid", "sourceEndpointEngineName": "MySQL"},
        ABROAD,
        HOME,
    ),
    (
        "dts-sync-instance-destination",
        "alicloud:dts/synchronizationInstance:SynchronizationInstance",
        "destinationEndpointRegion",
        {
            "paymentType": "PayAsYouGo",
            "sourceEndpointEngineName": "PolarDB",
            "sourceEndpointRegion": HOME,
            "instanceClass": "small",
        },
        ABROAD,
        HOME,
    ),
    (
        "dts-sync-instance-source",
        "alicloud:dts/synchronizationInstance:SynchronizationInstance",
        "sourceEndpointRegion",
        {"paymentType": "PayAsYouGo", "destinationEndpointRegion": HOME},
        ABROAD,
        HOME,
    ),
    (
        "dts-sync-job-destination",
        "alicloud:dts/synchronizationJob:SynchronizationJob",
        "destinationEndpointRegion",
        {
            "dtsInstanceId": "dts-1",
            "dtsJobName": "tf",
            "sourceEndpointInstanceType": "RDS",
            "sourceEndpointRegion": HOME,
            "destinationEndpointInstanceType": "RDS",
        },
        ABROAD,
        HOME,
    ),
    (
        "dts-sync-job-source",
        "alicloud:dts/synchronizationJob:SynchronizationJob",
        "sourceEndpointRegion",
        {"dtsInstanceId": "dts-1", "dtsJobName": "tf", "destinationEndpointRegion": HOME},
        ABROAD,
        HOME,
    ),
    (
        "snapshot-policy-copy-region",
        "alicloud:ecs/snapshotPolicy:SnapshotPolicy",
        "targetCopyRegions[]",
        {"name": "tf", "repeatWeekdays": ["1"], "retentionDays": -1.0, "timePoints": ["1"]},
        ABROAD,
        HOME,
    ),
    (
        "auto-snapshot-policy-copy-region",
        "alicloud:ecs/autoSnapshotPolicy:AutoSnapshotPolicy",
        "targetCopyRegions[]",
        {"name": "tf", "repeatWeekdays": ["1"], "retentionDays": -1.0, "timePoints": ["1"]},
        ABROAD,
        HOME,
    ),
    (
        "enterprise-snapshot-copy-region",
        "alicloud:ebs/enterpriseSnapshotPolicy:EnterpriseSnapshotPolicy",
        "crossRegionCopyInfo.regions[].regionId",
        {
            "enterpriseSnapshotPolicyName": "esp",
            "targetType": "DISK",
            "schedule": {"cronExpression": "0 0 0 1 * ?"},
            "retainRule": {"timeInterval": 120.0, "timeUnit": "DAYS"},
        },
        ABROAD,
        HOME,
    ),
    (
        "disk-replica-pair",
        "alicloud:ebs/diskReplicaPair:DiskReplicaPair",
        "destinationRegionId",
        {
            "destinationDiskId": "d-2",
            "destinationZoneId": "cn-hangzhou-i",
            "sourceZoneId": "cn-hangzhou-h",
            "diskId": "d-1",
            "paymentType": "POSTPAY",
        },
        ABROAD,
        HOME,
    ),
    (
        "disk-replica-group-destination",
        "alicloud:ebs/diskReplicaGroup:DiskReplicaGroup",
        "destinationRegionId",
        {"sourceRegionId": HOME, "sourceZoneId": "cn-hangzhou-h", "destinationZoneId": "cn-hangzhou-i"},
        ABROAD,
        HOME,
    ),
    (
        "disk-replica-group-source",
        "alicloud:ebs/diskReplicaGroup:DiskReplicaGroup",
        "sourceRegionId",
        {"destinationRegionId": HOME},
        ABROAD,
        HOME,
    ),
    (
        "image-copy",
        "alicloud:ecs/imageCopy:ImageCopy",
        "sourceRegionId",
        {"sourceImageId": "m-1", "imageName": "copy"},
        ABROAD,
        HOME,
    ),
    (
        "copy-image",
        "alicloud:ecs/copyImage:CopyImage",
        "sourceRegionId",
        {"sourceImageId": "m-1", "imageName": "copy"},
        ABROAD,
        HOME,
    ),
    (
        "image-pipeline-distribution",
        "alicloud:ecs/ecsImagePipeline:EcsImagePipeline",
        "toRegionIds[]",
        {"baseImageType": "IMAGE", "baseImage": "m-1", "instanceType": "ecs.g7.large", "vswitchId": "vsw-1"},
        ABROAD,
        HOME,
    ),
    (
        "cr-ee-sync-rule",
        "alicloud:cs/registryEnterpriseSyncRule:RegistryEnterpriseSyncRule",
        "targetRegionId",
        {
            "instanceId": "cri-1",
            "namespaceName": "ns",
            "syncRuleName": "rule",
            "tagFilter": ".*",
            "targetInstanceId": "cri-2",
            "targetNamespaceName": "ns",
        },
        ABROAD,
        HOME,
    ),
    (
        "csg-express-sync",
        "alicloud:cloudstoragegateway/expressSync:ExpressSync",
        "bucketRegion",
        {"bucketName": "bucket", "expressSyncName": "sync"},
        ABROAD,
        HOME,
    ),
    (
        "log-etl-sink",
        "alicloud:log/etl:Etl",
        "etlSinks[].endpoint",
        {"etlName": "etl", "project": "p", "logstore": "s", "displayName": "etl", "script": "e_set('a','b')"},
        "cn-beijing.log.aliyuncs.com",
        "cn-hangzhou-intranet.log.aliyuncs.com",
    ),
    (
        "sls-etl-sink",
        "alicloud:sls/etl:Etl",
        "configuration.sinks[].endpoint",
        {
            "project": "p",
            "jobName": "etl",
            "displayName": "etl",
            "configuration": {
                "logstore": "s",
                "lang": "SPL",
                "script": "*",
                "roleArn": "acs:ram::1:role/etl",
            },
        },
        "https://cn-beijing.log.aliyuncs.com",
        "cn-hangzhou-intranet.log.aliyuncs.com",
    ),
    (
        "cdn-log-delivery",
        "alicloud:cdn/realTimeLogDelivery:RealTimeLogDelivery",
        "slsRegion",
        {"domain": "example.com", "logstore": "s", "project": "p"},
        ABROAD,
        HOME,
    ),
    (
        "smartag-flow-log",
        "alicloud:sag/smartagFlowLog:SmartagFlowLog",
        "slsRegionId",
        {"outputType": "sls", "logstoreName": "s", "projectName": "p"},
        ABROAD,
        HOME,
    ),
    (
        "trail-global-events-storage",
        "alicloud:actiontrail/globalEventsStorageRegion:GlobalEventsStorageRegion",
        "storageRegion",
        {},
        "cn-shanghai",
        HOME,
    ),
    (
        "vpc-peer",
        "alicloud:vpc/peerConnection:PeerConnection",
        "acceptingRegionId",
        {"vpcId": "vpc-1", "acceptingAliUid": 1.0, "acceptingVpcId": "vpc-2", "peerConnectionName": "peer"},
        "cn-shanghai",
        HOME,
    ),
    (
        "router-interface",
        "alicloud:vpc/routerInterface:RouterInterface",
        "oppositeRegion",
        {"routerType": "VRouter", "routerId": "vrt-1", "role": "InitiatingSide", "specification": "Large.2"},
        ABROAD,
        HOME,
    ),
    (
        "ec-router-interface",
        "alicloud:expressconnect/routerInterface:RouterInterface",
        "oppositeRegionId",
        {"routerType": "VRouter", "routerId": "vrt-1", "role": "InitiatingSide", "spec": "Mini.2"},
        ABROAD,
        HOME,
    ),
    (
        "ecr-regions",
        "alicloud:expressconnect/routerExpressConnectRouter:RouterExpressConnectRouter",
        "regions[].regionId",
        {"alibabaSideAsn": 65533.0, "ecrName": "ecr"},
        ABROAD,
        HOME,
    ),
    (
        "ecr-vpc-association",
        "alicloud:expressconnect/routerVpcAssociation:RouterVpcAssociation",
        "associationRegionId",
        {"ecrId": "ecr-1", "vpcId": "vpc-1", "vpcOwnerId": 1.0},
        ABROAD,
        HOME,
    ),
    (
        "ecr-tr-association",
        "alicloud:expressconnect/routerTrAssociation:RouterTrAssociation",
        "associationRegionId",
        {"ecrId": "ecr-1", "transitRouterId": "tr-1"},
        ABROAD,
        HOME,
    ),
    (
        "ecr-vbr-child",
        "alicloud:expressconnect/routerVbrChildInstance:RouterVbrChildInstance",
        "childInstanceRegionId",
        {"ecrId": "ecr-1", "childInstanceId": "vbr-1", "childInstanceType": "VBR"},
        ABROAD,
        HOME,
    ),
    (
        "ecr-grant",
        "alicloud:expressconnect/routerGrantAssociation:RouterGrantAssociation",
        "instanceRegionId",
        {"ecrId": "ecr-1", "instanceId": "vpc-1", "instanceType": "VPC", "ecrOwnerAliUid": "1"},
        ABROAD,
        HOME,
    ),
    (
        "privatelink-cross-region-endpoint",
        "alicloud:privatelink/vpcEndpoint:VpcEndpoint",
        "serviceRegionId",
        {"serviceId": "epsrv-1", "vpcId": "vpc-1", "securityGroupIds": ["sg-1"]},
        ABROAD,
        HOME,
    ),
    (
        "privatelink-service-regions",
        "alicloud:privatelink/vpcEndpointService:VpcEndpointService",
        "supportedRegionLists[]",
        {"serviceDescription": "svc", "connectBandwidth": 103.0},
        ABROAD,
        HOME,
    ),
    (
        "pvtz-attachment-vpc-region",
        "alicloud:pvtz/zoneAttachment:ZoneAttachment",
        "vpcs[].regionId",
        {"zoneId": "z-1"},
        ABROAD,
        HOME,
    ),
    (
        "pvtz-endpoint-vpc-region",
        "alicloud:pvtz/endpoint:Endpoint",
        "vpcRegionId",
        {"endpointName": "ep", "securityGroupId": "sg-1", "vpcId": "vpc-1"},
        ABROAD,
        HOME,
    ),
    (
        "bastion-host-region",
        "alicloud:bastionhost/host:Host",
        "instanceRegionId",
        {
            "instanceId": "bastionhost-1",
            "hostName": "h",
            "activeAddressType": "Private",
            "source": "Ecs",
            "osType": "Linux",
        },
        ABROAD,
        HOME,
    ),
    (
        "dms-instance-region",
        "alicloud:dms/enterpriseInstance:EnterpriseInstance",
        "ecsRegion",
        {"instanceType": "mysql", "instanceSource": "RDS", "networkType": "VPC", "envType": "test"},
        ABROAD,
        HOME,
    ),
    (
        "ros-stack-instances",
        "alicloud:ros/stackInstances:StackInstances",
        "regionIds[]",
        {"stackGroupName": "group", "deploymentTargets": {"rdFolderIds": ["fd-1"]}},
        ABROAD,
        HOME,
    ),
    (
        "ros-stack-instance",
        "alicloud:ros/stackInstance:StackInstance",
        "stackInstanceRegionId",
        {"stackGroupName": "group", "stackInstanceAccountId": "1"},
        ABROAD,
        HOME,
    ),
    (
        "servicecatalog-product-region",
        "alicloud:servicecatalog/provisionedProduct:ProvisionedProduct",
        "stackRegionId",
        {
            "provisionedProductName": "p",
            "productId": "prod-1",
            "productVersionId": "pv-1",
            "portfolioId": "port-1",
        },
        ABROAD,
        HOME,
    ),
    (
        "oos-application-group-region",
        "alicloud:oos/applicationGroup:ApplicationGroup",
        "deployRegionId",
        {"applicationGroupName": "g", "applicationName": "app"},
        ABROAD,
        HOME,
    ),
    (
        "oceanbase-primary-region",
        "alicloud:ocean/baseInstance:BaseInstance",
        "primaryRegion",
        {
            "instanceName": "ob",
            "series": "normal",
            "zones": ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"],
        },
        ABROAD,
        HOME,
    ),
    (
        "polardb-ai-cluster-region",
        "alicloud:polardb/aicluster:Aicluster",
        "regionId",
        {"dbClusterId": "pc-1", "dbNodeClass": "polar.pg.g2.2xlarge.gu30"},
        ABROAD,
        HOME,
    ),
    (
        "polardb-application-region",
        "alicloud:polardb/application:Application",
        "regionId",
        {"applicationType": "supabase", "dbClusterId": "pc-1", "description": "app"},
        ABROAD,
        HOME,
    ),
    (
        "polardb-batch-task-region",
        "alicloud:polardb/batchTask:BatchTask",
        "regionId",
        {"applicationIds": ["pa-1"], "taskType": "upgrade"},
        ABROAD,
        HOME,
    ),
    (
        "edas-application-namespace",
        "alicloud:edas/application:Application",
        "logicalRegionId",
        {"applicationName": "app", "clusterId": "c-1", "packageType": "JAR"},
        "cn-beijing:prod",
        "cn-hangzhou:prod",
    ),
    (
        "edas-cluster-namespace",
        "alicloud:edas/cluster:Cluster",
        "logicalRegionId",
        {"clusterName": "c", "clusterType": 2.0, "networkMode": 2.0, "vpcId": "vpc-1"},
        "cn-beijing:prod",
        "cn-hangzhou:prod",
    ),
    (
        "edas-k8s-application-namespace",
        "alicloud:edas/k8sApplication:K8sApplication",
        "logicalRegionId",
        {"applicationName": "app", "clusterId": "c-1", "packageType": "Image", "imageUrl": "x"},
        "cn-beijing:prod",
        "cn-hangzhou:prod",
    ),
    (
        "hbr-policy-replication",
        "alicloud:hbr/policy:Policy",
        "rules[].replicationRegionId",
        {"policyName": "p", "policyType": "STANDARD"},
        "cn-shanghai",
        HOME,
    ),
    (
        "hbr-server-backup-copy-region",
        "alicloud:hbr/serverBackupPlan:ServerBackupPlan",
        "details[].destinationRegionId",
        {
            "ecsServerBackupPlanName": "plan",
            "instanceId": "i-1",
            "retention": 7.0,
            "schedule": "I|1602673264|PT2H",
        },
        "cn-shanghai",
        HOME,
    ),
    (
        "cms-event-rule-fc",
        "alicloud:cms/eventRule:EventRule",
        "fcParameters[].region",
        {"ruleName": "r", "eventPattern": {"product": "ecs"}},
        ABROAD,
        HOME,
    ),
    (
        "cms-event-rule-mns",
        "alicloud:cms/eventRule:EventRule",
        "mnsParameters[].region",
        {"ruleName": "r", "eventPattern": {"product": "ecs"}},
        ABROAD,
        HOME,
    ),
    (
        "cms-event-rule-sls",
        "alicloud:cms/eventRule:EventRule",
        "slsParameters[].region",
        {"ruleName": "r", "eventPattern": {"product": "ecs"}},
        ABROAD,
        HOME,
    ),
    (
        "cms-event-rule-open-api",
        "alicloud:cms/eventRule:EventRule",
        "openApiParameters[].region",
        {"ruleName": "r", "eventPattern": {"product": "ecs"}},
        ABROAD,
        HOME,
    ),
    (
        "cms-sls-group",
        "alicloud:cms/slsGroup:SlsGroup",
        "slsGroupConfigs[].slsRegion",
        {"slsGroupName": "group", "slsGroupDescription": "logs"},
        ABROAD,
        HOME,
    ),
    (
        "cms-alert-rule-datasource",
        "alicloud:cms/alertRuleV2:AlertRuleV2",
        "datasourceConfig.regionId",
        {"displayName": "cpu", "enabled": True, "datasourceConfig": {"type": "CMS_BASIC"}},
        ABROAD,
        HOME,
    ),
    (
        "cms-prometheus-view",
        "alicloud:cms/prometheusView:PrometheusView",
        "prometheusInstances[].regionId",
        {"prometheusViewName": "view", "version": "V2"},
        ABROAD,
        HOME,
    ),
    (
        "sls-alert-query",
        "alicloud:log/alert:Alert",
        "queryLists[].region",
        {"alertName": "a", "alertDisplayname": "a", "projectName": "p", "version": "2.0", "type": "default"},
        ABROAD,
        HOME,
    ),
    (
        "sls-collection-centralize",
        "alicloud:sls/collectionPolicy:CollectionPolicy",
        "centralizeConfig.destRegion",
        {
            "policyName": "oss_access",
            "dataCode": "access_log",
            "productCode": "oss",
            "enabled": True,
            "centralizeEnabled": True,
            "centralizeConfig": {"destProject": "central", "destLogstore": "oss"},
        },
        ABROAD,
        HOME,
    ),
    (
        "sls-collection-global-logs",
        "alicloud:sls/collectionPolicy:CollectionPolicy",
        "dataConfig.dataRegion",
        {"policyName": "sls_audit", "dataCode": "audit_log", "productCode": "sls", "enabled": True},
        ABROAD,
        HOME,
    ),
    (
        "esa-delivery-oss",
        "alicloud:esa/siteDeliveryTask:SiteDeliveryTask",
        "ossDelivery.region",
        {
            "siteId": "1",
            "taskName": "logs",
            "businessType": "dcdn_log_access_l1",
            "dataCenter": "cn",
            "deliveryType": "oss",
            "fieldName": "ClientIP",
            "ossDelivery": {"bucketName": "logs", "prefixPath": "esa/"},
        },
        ABROAD,
        HOME,
    ),
    (
        "esa-delivery-sls",
        "alicloud:esa/siteDeliveryTask:SiteDeliveryTask",
        "slsDelivery.slsRegion",
        {
            "siteId": "1",
            "taskName": "logs",
            "businessType": "dcdn_log_access_l1",
            "dataCenter": "cn",
            "deliveryType": "sls",
            "fieldName": "ClientIP",
            "slsDelivery": {"slsProject": "p", "slsLogStore": "esa"},
        },
        ABROAD,
        HOME,
    ),
    (
        "esa-delivery-s3",
        "alicloud:esa/siteDeliveryTask:SiteDeliveryTask",
        "s3Delivery.region",
        {
            "siteId": "1",
            "taskName": "logs",
            "businessType": "dcdn_log_access_l1",
            "dataCenter": "cn",
            "deliveryType": "s3",
            "fieldName": "ClientIP",
            "s3Delivery": {"bucketPath": "logs", "s3Cmpt": True},
        },
        "us-east-1",
        HOME,
    ),
    (
        "arms-synthetic-trace",
        "alicloud:arms/syntheticTask:SyntheticTask",
        "commonSetting.xtraceRegion",
        {
            "syntheticTaskName": "probe",
            "taskType": 1.0,
            "frequency": "1h",
            "monitorCategory": 1.0,
            "commonSetting": {"isOpenTrace": True, "traceClientType": 1.0},
        },
        ABROAD,
        HOME,
    ),
    (
        "eventbridge-source-kafka",
        "alicloud:eventbridge/eventSourceV2:EventSourceV2",
        "sourceKafkaParameters.regionId",
        {
            "eventBusName": "bus",
            "eventSourceName": "src",
            "sourceKafkaParameters": {"instanceId": "alikafka-1", "topic": "t"},
        },
        ABROAD,
        HOME,
    ),
    (
        "eventbridge-source-mns",
        "alicloud:eventbridge/eventSourceV2:EventSourceV2",
        "sourceMnsParameters.regionId",
        {"eventBusName": "bus", "eventSourceName": "src", "sourceMnsParameters": {"queueName": "q"}},
        ABROAD,
        HOME,
    ),
    (
        "eventbridge-source-rabbitmq",
        "alicloud:eventbridge/eventSourceV2:EventSourceV2",
        "sourceRabbitMqParameters.regionId",
        {
            "eventBusName": "bus",
            "eventSourceName": "src",
            "sourceRabbitMqParameters": {"instanceId": "amqp-1", "queueName": "q", "virtualHostName": "vh"},
        },
        ABROAD,
        HOME,
    ),
    (
        "eventbridge-source-rocketmq",
        "alicloud:eventbridge/eventSourceV2:EventSourceV2",
        "sourceRocketmqParameters.regionId",
        {
            "eventBusName": "bus",
            "eventSourceName": "src",
            "sourceRocketmqParameters": {"instanceId": "rmq-1", "topic": "t"},
        },
        ABROAD,
        HOME,
    ),
    (
        "apigateway-fc-backend",
        "alicloud:apigateway/api:Api",
        "fcServiceConfig.region",
        {
            "name": "api",
            "groupId": "g-1",
            "description": "api",
            "authType": "APP",
            "serviceType": "FunctionCompute",
            "requestConfig": {"protocol": "HTTPS", "method": "GET", "path": "/x", "mode": "MAPPING"},
            "fcServiceConfig": {
                "functionName": "f",
                "serviceName": "s",
                "arnRole": "acs:ram::1234567890:role/aliyunapigatewayaccessingfcrole",
                "timeout": 10.0,
            },
        },
        ABROAD,
        HOME,
    ),
    (
        "ddos-scheduler-rule",
        "alicloud:ddos/schedulerRule:SchedulerRule",
        "rules[].regionId",
        {"ruleName": "tiered", "ruleType": 2.0},
        ABROAD,
        HOME,
    ),
    (
        "vpc-route-next-hop",
        "alicloud:vpc/vPCRouteEntry:VPCRouteEntry",
        "nextHops[].nextHopRegionId",
        {"routeTableId": "vtb-1", "destinationCidrBlock": "10.1.0.0/16", "routeEntryName": "ecmp"},
        ABROAD,
        HOME,
    ),
    (
        "eci-acr-registry",
        "alicloud:eci/containerGroup:ContainerGroup",
        "acrRegistryInfos[].regionId",
        {
            "containerGroupName": "g",
            "securityGroupId": "sg-1",
            "vswitchId": "vsw-1",
            "containers": [{"name": "c", "image": "cr-1.cn-hangzhou.cr.aliyuncs.com/app/web:1"}],
        },
        ABROAD,
        HOME,
    ),
    (
        "ess-eci-acr-registry",
        "alicloud:ess/eciScalingConfiguration:EciScalingConfiguration",
        "acrRegistryInfos[].regionId",
        {
            "scalingGroupId": "asg-1",
            "containers": [{"name": "c", "image": "cr-1.cn-hangzhou.cr.aliyuncs.com/app/web:1"}],
        },
        ABROAD,
        HOME,
    ),
    (
        "live-domain-region",
        "alicloud:live/domain:Domain",
        "region",
        {"domainName": "example.com", "domainType": "liveVideo", "scope": "domestic"},
        ABROAD,
        HOME,
    ),
    (
        "ens-image-oss",
        "alicloud:ens/image:Image",
        "targetOssRegionId",
        {"imageName": "img", "instanceId": "i-1"},
        ABROAD,
        HOME,
    ),
    (
        "ens-disk-node",
        "alicloud:ens/disk:Disk",
        "ensRegionId",
        {"category": "cloud_efficiency", "paymentType": "PayAsYouGo", "size": 20.0},
        NODE_F,
        NODE_H,
    ),
    (
        "ens-eip-node",
        "alicloud:ens/eip:Eip",
        "ensRegionId",
        {"paymentType": "PayAsYouGo", "internetChargeType": "95BandwidthByMonth", "bandwidth": 5.0},
        NODE_F,
        NODE_H,
    ),
    (
        "ens-instance-node",
        "alicloud:ens/instance:Instance",
        "ensRegionId",
        {
            "instanceType": "ens.sn1.tiny",
            "paymentType": "PayAsYouGo",
            "scheduleAreaLevel": "Region",
            "publicIpIdentification": False,
            "internetMaxBandwidthOut": 0.0,
            "systemDisk": {"size": 20.0},
        },
        NODE_F,
        NODE_H,
    ),
    (
        "ens-load-balancer-node",
        "alicloud:ens/loadBalancer:LoadBalancer",
        "ensRegionId",
        {
            "loadBalancerSpec": "elb.s1.small",
            "paymentType": "PayAsYouGo",
            "networkId": "n-1",
            "vswitchId": "vsw-1",
        },
        NODE_F,
        NODE_H,
    ),
    (
        "ens-nat-gateway-node",
        "alicloud:ens/natGateway:NatGateway",
        "ensRegionId",
        {"instanceType": "enat.default", "networkId": "n-1", "vswitchId": "vsw-1"},
        NODE_F,
        NODE_H,
    ),
    (
        "ens-network-node",
        "alicloud:ens/network:Network",
        "ensRegionId",
        {"cidrBlock": "10.0.0.0/8", "networkName": "net"},
        NODE_F,
        NODE_H,
    ),
    (
        "ens-snapshot-node",
        "alicloud:ens/snapshot:Snapshot",
        "ensRegionId",
        {"diskId": "d-1", "snapshotName": "snap"},
        NODE_F,
        NODE_H,
    ),
    (
        "ens-vswitch-node",
        "alicloud:ens/vswitch:Vswitch",
        "ensRegionId",
        {"cidrBlock": "10.0.8.0/24", "networkId": "n-1", "vswitchName": "vsw"},
        NODE_F,
        NODE_H,
    ),
    (
        "polardb-zonal-cluster-node",
        "alicloud:polardb/zonalDbCluster:ZonalDbCluster",
        "ensRegionId",
        {
            "dbNodeClass": "polar.mysql.x4.medium.c",
            "dbType": "MySQL",
            "dbVersion": "8.0",
            "vpcId": "n-1",
            "vswitchId": "vsw-1",
        },
        NODE_F,
        NODE_H,
    ),
]


def _copy_cases() -> list[Case]:
    out: list[Case] = []
    for stem, resource_type, path, base, foreign, home in COPY_ROWS:
        prop = path.replace("[]", "[0]")
        out.append(
            Case(f"{stem}-abroad", COPY, resource_type, merge(base, nested(path, foreign)), True, prop)
        )
        out.append(Case(f"{stem}-home", COPY, resource_type, merge(base, nested(path, home)), False))
    return out


SWITCH_ROWS: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "snapshot-policy-copy-switch",
        "alicloud:ecs/snapshotPolicy:SnapshotPolicy",
        "enableCrossRegionCopy",
        {"name": "tf", "repeatWeekdays": ["1"], "retentionDays": -1.0, "timePoints": ["1"]},
    ),
    (
        "auto-snapshot-policy-copy-switch",
        "alicloud:ecs/autoSnapshotPolicy:AutoSnapshotPolicy",
        "enableCrossRegionCopy",
        {"name": "tf", "repeatWeekdays": ["1"], "retentionDays": -1.0, "timePoints": ["1"]},
    ),
    (
        "enterprise-snapshot-copy-switch",
        "alicloud:ebs/enterpriseSnapshotPolicy:EnterpriseSnapshotPolicy",
        "crossRegionCopyInfo.enabled",
        {"enterpriseSnapshotPolicyName": "esp", "targetType": "DISK"},
    ),
    (
        "hbr-server-backup-copy-switch",
        "alicloud:hbr/serverBackupPlan:ServerBackupPlan",
        "details[].doCopy",
        {
            "ecsServerBackupPlanName": "plan",
            "instanceId": "i-1",
            "retention": 7.0,
            "schedule": "I|1602673264|PT2H",
        },
    ),
]


def _switch_cases() -> list[Case]:
    out: list[Case] = []
    for stem, resource_type, path, base in SWITCH_ROWS:
        prop = path.replace("[]", "[0]")
        out.append(Case(f"{stem}-on", COPY, resource_type, merge(base, nested(path, True)), True, prop))
        out.append(Case(f"{stem}-off", COPY, resource_type, merge(base, nested(path, False)), False))
    return out


SCOPE_ROWS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("cdn-domain", "alicloud:cdn/domain:Domain", "scope", {"domainName": "example.com", "cdnType": "web"}),
    (
        "cdn-domain-new",
        "alicloud:cdn/domainNew:DomainNew",
        "scope",
        {
            "domainName": "example.com",
            "cdnType": "web",
            "sources": [{"content": "1.1.1.1", "type": "ipaddr"}],
        },
    ),
    (
        "dcdn-domain",
        "alicloud:dcdn/domain:Domain",
        "scope",
        {"domainName": "example.com", "sources": [{"content": "1.1.1.1", "type": "ipaddr"}]},
    ),
    (
        "dcdn-ipa-domain",
        "alicloud:dcdn/ipaDomain:IpaDomain",
        "scope",
        {"domainName": "example.com", "sources": [{"content": "1.1.1.1", "type": "ipaddr"}]},
    ),
    (
        "vod-domain",
        "alicloud:vod/domain:Domain",
        "scope",
        {"domainName": "example.com", "sources": [{"sourceContent": "1.1.1.1", "sourceType": "ipaddr"}]},
    ),
    (
        "live-domain",
        "alicloud:live/domain:Domain",
        "scope",
        {"domainName": "example.com", "domainType": "liveVideo", "region": HOME},
    ),
    ("esa-site", "alicloud:esa/site:Site", "coverage", {"siteName": "example.com", "instanceId": "esa-1"}),
]


CACHE_RESERVE = "alicloud:esa/cacheReserveInstance:CacheReserveInstance"
CACHE_RESERVE_BASE: dict[str, Any] = {"paymentType": "Subscription", "quotaGb": 512.0, "period": 1.0}


def _scope_cases() -> list[Case]:
    out: list[Case] = []
    for stem, resource_type, key, base in SCOPE_ROWS:
        out.append(Case(f"{stem}-overseas", SCOPE, resource_type, {**base, key: "overseas"}, True, key))
        out.append(Case(f"{stem}-global", SCOPE, resource_type, {**base, key: "global"}, True, key))
        out.append(Case(f"{stem}-domestic", SCOPE, resource_type, {**base, key: "domestic"}, False))
    return out


def ga_endpoint_group(region: str) -> dict[str, Any]:
    endpoint = {"type": "Domain", "endpoint": "origin.example.com", "weight": 0}
    return {
        "acceleratorId": "ga-1",
        "listenerId": "lsr-1",
        "endpointGroupRegion": region,
        "endpointConfigurations": [endpoint],
    }


def ga_access_log(region: str) -> dict[str, Any]:
    names = {"slsProjectName": "ga-logs", "slsLogStoreName": "access"}
    return {
        "acceleratorId": "ga-1",
        "listenerId": "lsr-1",
        "endpointGroupId": "epg-1",
        "slsRegionId": region,
        **names,
    }


CASES: list[Case] = [
    *_copy_cases(),
    *_switch_cases(),
    *_scope_cases(),
    Case(
        "copy-unknown-destination",
        COPY,
        "alicloud:rds/rdsInstanceCrossBackupPolicy:RdsInstanceCrossBackupPolicy",
        {"instanceId": "rm-1", "crossBackupRegion": UNKNOWN},
        True,
        "crossBackupRegion",
    ),
    Case(
        "etl-sink-not-an-endpoint",
        COPY,
        "alicloud:log/etl:Etl",
        {"etlName": "etl", "etlSinks": [{"endpoint": "logs.example.com", "name": "s"}]},
        True,
        "etlSinks[0].endpoint",
    ),
    # ESA cache reserve: an area (CN or HK) rather than a scope.
    Case(
        "esa-cache-reserve-hk",
        SCOPE,
        CACHE_RESERVE,
        {**CACHE_RESERVE_BASE, "crRegion": "HK"},
        True,
        "crRegion",
    ),
    Case("esa-cache-reserve-cn", SCOPE, CACHE_RESERVE, {**CACHE_RESERVE_BASE, "crRegion": "CN"}, False),
    # A mainland city, as the provider's own example writes it, is mainland China.
    Case(
        "esa-cache-reserve-cn-city",
        SCOPE,
        CACHE_RESERVE,
        {**CACHE_RESERVE_BASE, "crRegion": "CN-beijing"},
        False,
    ),
    Case(
        "esa-cache-reserve-hk-in-hongkong",
        SCOPE,
        CACHE_RESERVE,
        {**CACHE_RESERVE_BASE, "crRegion": "HK"},
        False,
        pack_config={SCOPE: {"allowedRegion": "cn-hongkong"}},
    ),
    Case(
        "esa-cache-reserve-outside-china",
        SCOPE,
        CACHE_RESERVE,
        {**CACHE_RESERVE_BASE, "crRegion": "CN"},
        True,
        "crRegion",
        pack_config={SCOPE: {"allowedRegion": "ap-southeast-1"}},
    ),
    Case(
        "cdn-default-scope", SCOPE, "alicloud:cdn/domainNew:DomainNew", {"domainName": "example.com"}, False
    ),
    Case(
        "cdn-domestic-outside-mainland",
        SCOPE,
        "alicloud:cdn/domainNew:DomainNew",
        {"domainName": "example.com", "scope": "domestic"},
        True,
        "scope",
        pack_config={SCOPE: {"allowedRegion": "ap-southeast-1"}},
    ),
    # ARNs: ActionTrail delivering to an SLS project of another region (provider example shape).
    Case(
        "trail-sls-abroad",
        ARN,
        "alicloud:actiontrail/trail:Trail",
        {
            "trailName": "audit",
            "slsProjectArn": "acs:log:cn-beijing:1234567890:project/audit",
            "slsWriteRoleArn": "acs:ram::1234567890:role/aliyunactiontraildefaultrole",
        },
        True,
        "slsProjectArn",
    ),
    Case(
        "trail-sls-home",
        ARN,
        "alicloud:actiontrail/trail:Trail",
        {
            "trailName": "audit",
            "slsProjectArn": "acs:log:cn-hangzhou:1234567890:project/audit",
            "slsWriteRoleArn": "acs:ram::1234567890:role/aliyunactiontraildefaultrole",
        },
        False,
    ),
    Case(
        "config-delivery-abroad",
        ARN,
        "alicloud:cfg/delivery:Delivery",
        {
            "deliveryChannelType": "SLS",
            "deliveryChannelTargetArn": "acs:log:ap-southeast-1:1:project/cfg/logstore/x",
        },
        True,
        "deliveryChannelTargetArn",
    ),
    Case(
        "fc-destination-abroad",
        ARN,
        "alicloud:fc/v3AsyncInvokeConfig:V3AsyncInvokeConfig",
        {
            "functionName": "f",
            "destinationConfig": {"onFailure": {"destination": "acs:mns:cn-beijing:1:/queues/q"}},
        },
        True,
        "destinationConfig.onFailure.destination",
    ),
    Case(
        "fc-destination-home",
        ARN,
        "alicloud:fc/v3AsyncInvokeConfig:V3AsyncInvokeConfig",
        {
            "functionName": "f",
            "destinationConfig": {"onFailure": {"destination": "acs:mns:cn-hangzhou:1:/queues/q"}},
        },
        False,
    ),
    Case(
        "ram-policy-document-ignored",
        ARN,
        "alicloud:ram/policy:Policy",
        {"policyName": "p", "policyDocument": '{"Statement":[{"Resource":"acs:oss:cn-beijing:*:b"}]}'},
        False,
    ),
    Case(
        "arn-unknown-skipped",
        ARN,
        "alicloud:actiontrail/trail:Trail",
        {"trailName": "audit", "slsProjectArn": UNKNOWN},
        False,
    ),
]

VSWITCH = "alicloud:vpc/switch:Switch"
TAIR = "alicloud:redis/tairInstance:TairInstance"
KVSTORE = "alicloud:kvstore/instance:Instance"
POLARDB = "alicloud:polardb/cluster:Cluster"
ALB = "alicloud:alb/loadBalancer:LoadBalancer"
ACK = "alicloud:cs/managedKubernetes:ManagedKubernetes"

CASES += [
    # Providers: the default provider's and an explicit provider's region, and resources created through one.
    Case("provider-home", PROV, PROVIDER, {"region": HOME, "version": "4.0.0"}, False),
    Case("provider-abroad", PROV, PROVIDER, {"region": "ap-southeast-1", "version": "4.0.0"}, True, "region"),
    Case("provider-no-region", PROV, PROVIDER, {"version": "4.0.0"}, True, "region"),
    Case(
        "resource-through-foreign-provider",
        PROV,
        VSWITCH,
        {"zoneId": "cn-hangzhou-h", "cidrBlock": "10.0.0.0/24"},
        True,
        "provider",
        provider={"region": "ap-southeast-1", "version": "4.0.0"},
    ),
    Case(
        "resource-through-home-provider",
        PROV,
        VSWITCH,
        {"zoneId": "cn-hangzhou-h", "cidrBlock": "10.0.0.0/24"},
        False,
        provider={"region": HOME, "version": "4.0.0"},
    ),
    # Zones: every zone-like property, top level and in zone mappings.
    Case("zone-home", ZONE, VSWITCH, {"zoneId": "cn-hangzhou-h", "cidrBlock": "10.0.0.0/24"}, False),
    Case(
        "zone-abroad", ZONE, VSWITCH, {"zoneId": "cn-shanghai-b", "cidrBlock": "10.0.0.0/24"}, True, "zoneId"
    ),
    Case(
        "availability-zone-abroad",
        ZONE,
        VSWITCH,
        {"availabilityZone": "cn-beijing-a"},
        True,
        "availabilityZone",
    ),
    Case(
        "secondary-zone-home",
        ZONE,
        TAIR,
        {"zoneId": "cn-hangzhou-h", "secondaryZoneId": "cn-hangzhou-i"},
        False,
    ),
    Case(
        "secondary-zone-abroad",
        ZONE,
        TAIR,
        {"zoneId": "cn-hangzhou-h", "secondaryZoneId": "cn-shanghai-l"},
        True,
        "secondaryZoneId",
    ),
    Case(
        "zone-ids-abroad",
        ZONE,
        ACK,
        {"zoneIds": ["cn-hangzhou-h", "cn-shenzhen-a"], "slbInternetEnabled": False},
        True,
        "zoneIds",
    ),
    Case(
        "zone-ids-home",
        ZONE,
        ACK,
        {"zoneIds": ["cn-hangzhou-h", "cn-hangzhou-i"], "slbInternetEnabled": False},
        False,
    ),
    Case(
        "zone-mappings-abroad",
        ZONE,
        ALB,
        {
            "loadBalancerEdition": "Standard",
            "addressType": "Intranet",
            "zoneMappings": [
                {"vswitchId": "vsw-1", "zoneId": "cn-hangzhou-h"},
                {"vswitchId": "vsw-2", "zoneId": "cn-beijing-a"},
            ],
        },
        True,
        "zoneMappings[1].zoneId",
    ),
    Case(
        "zone-mappings-home",
        ZONE,
        ALB,
        {
            "loadBalancerEdition": "Standard",
            "addressType": "Intranet",
            "zoneMappings": [
                {"vswitchId": "vsw-1", "zoneId": "cn-hangzhou-h"},
                {"vswitchId": "vsw-2", "zoneId": "cn-hangzhou-i"},
            ],
        },
        False,
    ),
    Case("zone-lookalike-region", ZONE, VSWITCH, {"zoneId": "cn-hangzhou-finance-1a"}, True, "zoneId"),
    Case(
        "replica-destination-zone-abroad",
        ZONE,
        "alicloud:ebs/diskReplicaPair:DiskReplicaPair",
        {"destinationRegionId": HOME, "destinationZoneId": "cn-beijing-h", "sourceZoneId": "cn-hangzhou-h"},
        True,
        "destinationZoneId",
    ),
    # Every documented zone shape: a multi-zone deployment (with and without its zones), a zone group's zone.
    Case(
        "zone-multi-zone-home", ZONE, t("apigateway/instance"), {"zoneId": "cn-hangzhou-MAZ6(i,j,k)"}, False
    ),
    Case("zone-multi-zone-bare-home", ZONE, t("apigateway/instance"), {"zoneId": "cn-hangzhou-MAZ6"}, False),
    Case(
        "zone-multi-zone-abroad",
        ZONE,
        t("apigateway/instance"),
        {"zoneId": "cn-beijing-MAZ5(a,b)"},
        True,
        "zoneId",
    ),
    Case(
        "zone-group-home",
        ZONE,
        t("kvcachestorekvcache/store"),
        {"zoneId": "cn-shanghai-cloudspe-b"},
        False,
        pack_config={ZONE: {"allowedRegion": "cn-shanghai"}},
    ),
    Case(
        "zone-group-abroad",
        ZONE,
        t("kvcachestorekvcache/store"),
        {"zoneId": "cn-shanghai-cloudspe-b"},
        True,
        "zoneId",
    ),
    Case("zone-upper-case-home", ZONE, VSWITCH, {"zoneId": "CN-Hangzhou-I"}, False),
    # Global databases: replicas in other regions by design.
    Case(
        "no-global-instance", GLOBAL_DB, TAIR, {"instanceType": "tair_rdb", "zoneId": "cn-hangzhou-h"}, False
    ),
    Case(
        "polardb-gdn",
        GLOBAL_DB,
        "alicloud:polardb/globalDatabaseNetwork:GlobalDatabaseNetwork",
        {"dbClusterId": "pc-1"},
        True,
        "global database network",
    ),
    Case(
        "tair-global-instance",
        GLOBAL_DB,
        TAIR,
        {"instanceType": "tair_rdb", "globalInstanceId": "gr-1"},
        True,
        "globalInstanceId",
    ),
    Case("kvstore-standalone", GLOBAL_DB, KVSTORE, {"instanceType": "Redis", "globalInstance": False}, False),
    Case("kvstore-global-instance", GLOBAL_DB, KVSTORE, {"globalInstance": True}, True, "globalInstance"),
    Case(
        "kvstore-global-instance-id",
        GLOBAL_DB,
        KVSTORE,
        {"globalInstanceId": "gr-1"},
        True,
        "globalInstanceId",
    ),
    Case("polardb-gdn-member", GLOBAL_DB, POLARDB, {"gdnId": "gdn-1"}, True, "gdnId"),
    Case("polardb-standalone", GLOBAL_DB, POLARDB, {"dbType": "MySQL", "dbVersion": "8.0"}, False),
    # Global Accelerator: judged by the regions it spans (users enter in the acceleration area, traffic is
    # delivered to the endpoint group's region); in one region it spans none.
    Case("ga-accelerator-alone", GA_REGION, t("ga/accelerator"), {"spec": "1", "duration": 1.0}, False),
    Case(
        "ga-cross-border",
        GA_REGION,
        t("ga/accelerator"),
        {"spec": "1", "crossBorderStatus": True},
        True,
        "crossBorderStatus",
    ),
    Case(
        "ga-ip-set-home",
        GA_REGION,
        t("ga/ipSet"),
        {"acceleratorId": "ga-1", "accelerateRegionId": HOME},
        False,
    ),
    Case(
        "ga-ip-set-abroad",
        GA_REGION,
        t("ga/ipSet"),
        {"acceleratorId": "ga-1", "accelerateRegionId": "ap-southeast-1"},
        True,
        "accelerateRegionId",
    ),
    Case(
        "ga-basic-ip-set-home",
        GA_REGION,
        t("ga/basicIpSet"),
        {"acceleratorId": "ga-1", "accelerateRegionId": HOME},
        False,
    ),
    Case(
        "ga-basic-ip-set-abroad",
        GA_REGION,
        t("ga/basicIpSet"),
        {"acceleratorId": "ga-1", "accelerateRegionId": ABROAD},
        True,
        "accelerateRegionId",
    ),
    # (endpoints of weight 0 receive nothing: these endpoint groups are judged for their region only)
    Case("ga-endpoint-group-home", GA_REGION, t("ga/endpointGroup"), ga_endpoint_group(HOME), False),
    Case(
        "ga-endpoint-group-abroad",
        GA_REGION,
        t("ga/endpointGroup"),
        ga_endpoint_group(ABROAD),
        True,
        "endpointGroupRegion",
    ),
    Case(
        "ga-basic-endpoint-group-home",
        GA_REGION,
        t("ga/basicEndpointGroup"),
        {"acceleratorId": "ga-1", "endpointGroupRegion": HOME},
        False,
    ),
    Case(
        "ga-basic-endpoint-group-abroad",
        GA_REGION,
        t("ga/basicEndpointGroup"),
        {"acceleratorId": "ga-1", "endpointGroupRegion": ABROAD},
        True,
        "endpointGroupRegion",
    ),
    Case(
        "ga-custom-routing-group-home",
        GA_REGION,
        t("ga/customRoutingEndpointGroup"),
        {"acceleratorId": "ga-1", "listenerId": "lsr-1", "endpointGroupRegion": HOME},
        False,
    ),
    Case(
        "ga-custom-routing-group-abroad",
        GA_REGION,
        t("ga/customRoutingEndpointGroup"),
        {"acceleratorId": "ga-1", "listenerId": "lsr-1", "endpointGroupRegion": ABROAD},
        True,
        "endpointGroupRegion",
    ),
    Case("ga-access-log-home", GA_REGION, t("ga/accessLog"), ga_access_log(HOME), False),
    Case("ga-access-log-abroad", GA_REGION, t("ga/accessLog"), ga_access_log(ABROAD), True, "slsRegionId"),
    Case(
        "ga-bandwidth-basic", GA_REGION, t("ga/bandwidthPackage"), {"bandwidth": 20, "type": "Basic"}, False
    ),
    Case(
        "ga-bandwidth-cross-border",
        GA_REGION,
        t("ga/bandwidthPackage"),
        {"bandwidth": 20, "type": "CrossDomain", "cbnGeographicRegionIda": "China-mainland"},
        True,
        "CrossDomain",
    ),
]


# --- Cloud Enterprise Network: judged by what it spans (a stack policy: a peer may be named by reference) --------


def cen(
    kind: str,
    name: str,
    provider: dict[str, Any] | None = None,
    deps: dict[str, list[str]] | None = None,
    **props: Any,
) -> dict[str, Any]:
    resource: dict[str, Any] = {"type": t(f"cen/{kind}"), "name": name, "props": props, "deps": deps or {}}
    if provider is not None:
        resource["provider"] = provider
    return resource


PEER = "transitRouterPeerAttachment"
STACK_CASES: list[StackCase] = [
    StackCase("cen-instance-alone", CEN_PATH, [cen("instance", "cen", cenInstanceName="retail")], []),
    StackCase(
        "cen-vpc-attachment-home",
        CEN_PATH,
        [
            cen("transitRouter", "tr", cenId="cen-1"),
            cen("transitRouterVpcAttachment", "vpc", cenId="cen-1", transitRouterId="tr-1", vpcId="vpc-1"),
            cen(
                "instanceAttachment",
                "legacy",
                instanceId="cen-1",
                childInstanceId="vpc-2",
                childInstanceRegionId=HOME,
            ),
        ],
        [],
    ),
    StackCase(
        "cen-instance-attachment-abroad",
        CEN_PATH,
        [
            cen(
                "instanceAttachment",
                "vpc",
                instanceId="cen-1",
                childInstanceId="vpc-1",
                childInstanceRegionId=ABROAD,
            )
        ],
        ["vpc"],
        "childInstanceRegionId",
    ),
    StackCase(
        "cen-bandwidth-limit",
        CEN_PATH,
        [cen("bandwidthLimit", "limit", instanceId="cen-1", regionIds=[HOME, ABROAD], bandwidthLimit=4)],
        ["limit"],
        "between two regions",
    ),
    StackCase(
        "cen-bandwidth-package",
        CEN_PATH,
        [
            cen(
                "bandwidthPackage",
                "bwp",
                bandwidth=5,
                geographicRegionAId="China",
                geographicRegionBId="China",
            )
        ],
        ["bwp"],
        "between regions",
    ),
    StackCase(
        "cen-bandwidth-package-attachment",
        CEN_PATH,
        [cen("bandwidthPackageAttachment", "bwpa", instanceId="cen-1", bandwidthPackageId="cenbwp-1")],
        ["bwpa"],
        "between regions",
    ),
    StackCase(
        "cen-inter-region-qos",
        CEN_PATH,
        [
            cen(
                "interRegionTrafficQosPolicy",
                "qos",
                transitRouterId="tr-1",
                transitRouterAttachmentId="tr-attach-1",
            ),
            cen(
                "interRegionTrafficQosQueue",
                "queue",
                trafficQosPolicyId="qos-1",
                dscps=["1"],
                remainBandwidthPercent=20,
            ),
        ],
        ["qos", "queue"],
        "between regions",
    ),
    StackCase(
        "cen-multicast-peer-member",
        CEN_PATH,
        [
            cen(
                "transitRouterMulticastDomainPeerMember",
                "peer",
                groupIpAddress="239.1.1.1",
                peerTransitRouterMulticastDomainId="tr-mcast-2",
                transitRouterMulticastDomainId="tr-mcast-1",
            )
        ],
        ["peer"],
        "another region",
    ),
    StackCase(
        "cen-private-zone-home",
        CEN_PATH,
        [cen("privateZone", "pz", cenId="cen-1", accessRegionId=HOME, hostRegionId=HOME, hostVpcId="vpc-1")],
        [],
    ),
    StackCase(
        "cen-private-zone-abroad",
        CEN_PATH,
        [
            cen(
                "privateZone",
                "pz",
                cenId="cen-1",
                accessRegionId=ABROAD,
                hostRegionId=HOME,
                hostVpcId="vpc-1",
            )
        ],
        ["pz"],
        "accessRegionId",
    ),
    StackCase(
        "cen-route-service-home",
        CEN_PATH,
        [
            cen(
                "routeService",
                "svc",
                cenId="cen-1",
                accessRegionId=HOME,
                hostRegionId=HOME,
                hostVpcId="vpc-1",
                host="100.118.28.0/24",
            )
        ],
        [],
    ),
    StackCase(
        "cen-route-service-abroad",
        CEN_PATH,
        [
            cen(
                "routeService",
                "svc",
                cenId="cen-1",
                accessRegionId=HOME,
                hostRegionId=ABROAD,
                hostVpcId="vpc-1",
                host="100.118.28.0/24",
            )
        ],
        ["svc"],
        "hostRegionId",
    ),
    StackCase(
        "cen-route-map-home",
        CEN_PATH,
        [
            cen(
                "routeMap",
                "rm",
                cenId="cen-1",
                cenRegionId=HOME,
                mapResult="Deny",
                priority=1,
                transmitDirection="RegionIn",
            )
        ],
        [],
    ),
    StackCase(
        "cen-route-map-learns-abroad",
        CEN_PATH,
        [
            cen(
                "routeMap",
                "rm",
                cenId="cen-1",
                cenRegionId=HOME,
                mapResult="Permit",
                priority=1,
                transmitDirection="RegionIn",
                sourceRegionIds=[ABROAD],
            )
        ],
        ["rm"],
        "sourceRegionIds[0]",
    ),
    StackCase(
        "cen-vbr-health-check-home",
        CEN_PATH,
        [
            cen(
                "vbrHealthCheck",
                "hc",
                cenId="cen-1",
                vbrInstanceId="vbr-1",
                vbrInstanceRegionId=HOME,
                healthCheckTargetIp="10.0.0.1",
            )
        ],
        [],
    ),
    StackCase(
        "cen-vbr-health-check-abroad",
        CEN_PATH,
        [
            cen(
                "vbrHealthCheck",
                "hc",
                cenId="cen-1",
                vbrInstanceId="vbr-1",
                vbrInstanceRegionId=ABROAD,
                healthCheckTargetIp="10.0.0.1",
            )
        ],
        ["hc"],
        "vbrInstanceRegionId",
    ),
    StackCase(
        "cen-peer-region-named",
        CEN_PATH,
        [
            cen(
                PEER,
                "peer",
                cenId="cen-1",
                transitRouterId="tr-1",
                peerTransitRouterId="tr-2",
                peerTransitRouterRegionId=ABROAD,
            )
        ],
        ["peer"],
        "peerTransitRouterRegionId",
    ),
    # The peer transit router is the program's own, created through a provider of another region: its ID is
    # unknown during a real preview, its region is its provider's.
    StackCase(
        "cen-peer-by-reference-abroad",
        CEN_PATH,
        [
            cen("transitRouter", "beijing-tr", provider={"region": ABROAD}, cenId=UNKNOWN),
            cen(
                PEER,
                "peer",
                deps={"peerTransitRouterId": [urn(t("cen/transitRouter"), "beijing-tr")]},
                cenId=UNKNOWN,
                transitRouterId=UNKNOWN,
                peerTransitRouterId=UNKNOWN,
            ),
        ],
        ["peer"],
        "peerTransitRouterId",
    ),
    StackCase(
        "cen-peer-by-reference-home",
        CEN_PATH,
        [
            cen("transitRouter", "hangzhou-tr", cenId=UNKNOWN),
            cen(
                PEER,
                "peer",
                deps={"peerTransitRouterId": [urn(t("cen/transitRouter"), "hangzhou-tr")]},
                cenId=UNKNOWN,
                transitRouterId=UNKNOWN,
                peerTransitRouterId=UNKNOWN,
            ),
        ],
        [],
    ),
    StackCase(
        "cen-peer-outside-stack",
        CEN_PATH,
        [cen(PEER, "peer", cenId="cen-1", transitRouterId="tr-1", peerTransitRouterId="tr-2")],
        ["peer"],
        "peerTransitRouterRegionId",
    ),
    StackCase(
        "cen-peer-region-unknown",
        CEN_PATH,
        [
            cen(
                PEER,
                "peer",
                cenId="cen-1",
                transitRouterId="tr-1",
                peerTransitRouterId="tr-2",
                peerTransitRouterRegionId=UNKNOWN,
            )
        ],
        ["peer"],
        "peerTransitRouterRegionId",
    ),
]
