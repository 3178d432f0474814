"""Pulumi components for a production e-commerce AI platform on Alibaba Cloud.

Every component is secure by default: intranet-only, private, encrypted, inside one region.
Relaxations are named, typed arguments that the ``policies/`` pack can see and flag.
"""

from .burst_cluster import (
    BaselinePoolArgs,
    BurstCluster,
    BurstClusterArgs,
    ClusterRef,
    ClusterSpec,
    EciBurstArgs,
    MaintenanceWindowArgs,
)
from .eas_service import EasService, EasServiceArgs, RolloutStrategy
from .errors import InvalidArgumentError
from .feature_store import FeatureStore, FeatureStoreArgs, FeatureStoreEngine, PaymentType
from .gpu_training import GpuTraining, GpuTrainingArgs, SpotStrategy
from .network import IngressRuleArgs, NatMode, Network, NetworkArgs, NetworkRef, Tier, VSwitchArgs
from .secure_bucket import ArchiveRuleArgs, ColdStorageClass, Redundancy, SecureBucket, SecureBucketArgs
from .workloads import (
    BurstMode,
    eci_burst_pod_settings,
    intranet_load_balancer_annotations,
    intranet_load_balancer_service,
    rrsa_service_account_annotations,
)

__all__ = [
    "ArchiveRuleArgs",
    "BaselinePoolArgs",
    "BurstCluster",
    "BurstClusterArgs",
    "BurstMode",
    "ClusterRef",
    "ClusterSpec",
    "ColdStorageClass",
    "EasService",
    "EasServiceArgs",
    "EciBurstArgs",
    "FeatureStore",
    "FeatureStoreArgs",
    "FeatureStoreEngine",
    "GpuTraining",
    "GpuTrainingArgs",
    "IngressRuleArgs",
    "InvalidArgumentError",
    "MaintenanceWindowArgs",
    "NatMode",
    "Network",
    "NetworkArgs",
    "NetworkRef",
    "PaymentType",
    "Redundancy",
    "RolloutStrategy",
    "SecureBucket",
    "SecureBucketArgs",
    "SpotStrategy",
    "Tier",
    "VSwitchArgs",
    "eci_burst_pod_settings",
    "intranet_load_balancer_annotations",
    "intranet_load_balancer_service",
    "rrsa_service_account_annotations",
]
