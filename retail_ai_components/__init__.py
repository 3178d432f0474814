"""Pulumi components for a production e-commerce AI platform on Alibaba Cloud.

Every component is secure by default: intranet-only, private, encrypted, inside one region.
Relaxations are named, typed arguments that the ``policies/`` pack can see and flag.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports

if TYPE_CHECKING:
    from ._fields import field_path
    from ._kms import rotating_key
    from ._naming import GlobalNamePrefix
    from ._region import single_zone_in_region, stack_region
    from .burst_cluster import (
        BaselinePoolArgs,
        BurstCluster,
        BurstClusterArgs,
        ClusterRef,
        ClusterSpec,
        EciBurstArgs,
        MaintenanceWindowArgs,
    )
    from .container_registry import CiOidcArgs, ContainerRegistry, ContainerRegistryArgs
    from .data_warehouse import DataWarehouse, DataWarehouseArgs
    from .eas_service import EasService, EasServiceArgs, RolloutStrategy
    from .errors import InvalidArgumentError
    from .feature_store import (
        EcsNodesArgs,
        FeatureStore,
        FeatureStoreArgs,
        FeatureStoreEngine,
        PaymentType,
        TairArgs,
    )
    from .gpu_training import GpuTraining, GpuTrainingArgs, SpotStrategy
    from .guardrails import Guardrails, GuardrailsArgs
    from .network import IngressRuleArgs, NatMode, Network, NetworkArgs, NetworkRef, Tier, VSwitchArgs
    from .observability import Observability, ObservabilityArgs, OnCallContactArgs, ServiceAlertArgs
    from .secure_bucket import ArchiveRuleArgs, ColdStorageClass, Redundancy, SecureBucket, SecureBucketArgs
    from .vector_store import HnswArgs, VectorStore, VectorStoreArgs
    from .workloads import (
        BurstMode,
        eci_burst_pod_settings,
        intranet_load_balancer_annotations,
        intranet_load_balancer_service,
        rrsa_service_account_annotations,
    )

# Imported on first use (PEP 562): `retail-ai preview` and the policy pack import this package
# without needing any component, and importing every component (and pulumi_alicloud) costs about
# half a second and 40 MB.
_MODULE_OF = {
    "BaselinePoolArgs": "burst_cluster",
    "BurstCluster": "burst_cluster",
    "BurstClusterArgs": "burst_cluster",
    "ClusterRef": "burst_cluster",
    "ClusterSpec": "burst_cluster",
    "EciBurstArgs": "burst_cluster",
    "MaintenanceWindowArgs": "burst_cluster",
    "CiOidcArgs": "container_registry",
    "ContainerRegistry": "container_registry",
    "ContainerRegistryArgs": "container_registry",
    "DataWarehouse": "data_warehouse",
    "DataWarehouseArgs": "data_warehouse",
    "EasService": "eas_service",
    "EasServiceArgs": "eas_service",
    "RolloutStrategy": "eas_service",
    "InvalidArgumentError": "errors",
    "FeatureStore": "feature_store",
    "FeatureStoreArgs": "feature_store",
    "FeatureStoreEngine": "feature_store",
    "PaymentType": "feature_store",
    "TairArgs": "feature_store",
    "EcsNodesArgs": "feature_store",
    "Guardrails": "guardrails",
    "GuardrailsArgs": "guardrails",
    "GpuTraining": "gpu_training",
    "GpuTrainingArgs": "gpu_training",
    "SpotStrategy": "gpu_training",
    "Observability": "observability",
    "ObservabilityArgs": "observability",
    "OnCallContactArgs": "observability",
    "ServiceAlertArgs": "observability",
    "IngressRuleArgs": "network",
    "NatMode": "network",
    "Network": "network",
    "NetworkArgs": "network",
    "NetworkRef": "network",
    "Tier": "network",
    "VSwitchArgs": "network",
    "ArchiveRuleArgs": "secure_bucket",
    "ColdStorageClass": "secure_bucket",
    "Redundancy": "secure_bucket",
    "SecureBucket": "secure_bucket",
    "SecureBucketArgs": "secure_bucket",
    "HnswArgs": "vector_store",
    "VectorStore": "vector_store",
    "VectorStoreArgs": "vector_store",
    "BurstMode": "workloads",
    "eci_burst_pod_settings": "workloads",
    "intranet_load_balancer_annotations": "workloads",
    "intranet_load_balancer_service": "workloads",
    "rrsa_service_account_annotations": "workloads",
    # What the components apply themselves, for a company's own stacks to apply the same way (the reference
    # stacks in stacks/ use these, and no private module, as a copied stack must).
    "GlobalNamePrefix": "_naming",
    "field_path": "_fields",
    "rotating_key": "_kms",
    "single_zone_in_region": "_region",
    "stack_region": "_region",
}


__getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF, globals())

__all__ = [
    "ArchiveRuleArgs",
    "BaselinePoolArgs",
    "BurstCluster",
    "BurstClusterArgs",
    "BurstMode",
    "CiOidcArgs",
    "ClusterRef",
    "ClusterSpec",
    "ColdStorageClass",
    "ContainerRegistry",
    "ContainerRegistryArgs",
    "DataWarehouse",
    "DataWarehouseArgs",
    "EasService",
    "EasServiceArgs",
    "EciBurstArgs",
    "EcsNodesArgs",
    "FeatureStore",
    "FeatureStoreArgs",
    "FeatureStoreEngine",
    "GlobalNamePrefix",
    "GpuTraining",
    "GpuTrainingArgs",
    "Guardrails",
    "GuardrailsArgs",
    "HnswArgs",
    "IngressRuleArgs",
    "InvalidArgumentError",
    "MaintenanceWindowArgs",
    "NatMode",
    "Network",
    "NetworkArgs",
    "NetworkRef",
    "Observability",
    "ObservabilityArgs",
    "OnCallContactArgs",
    "PaymentType",
    "Redundancy",
    "RolloutStrategy",
    "SecureBucket",
    "SecureBucketArgs",
    "ServiceAlertArgs",
    "SpotStrategy",
    "TairArgs",
    "Tier",
    "VSwitchArgs",
    "VectorStore",
    "VectorStoreArgs",
    "eci_burst_pod_settings",
    "field_path",
    "intranet_load_balancer_annotations",
    "intranet_load_balancer_service",
    "rotating_key",
    "rrsa_service_account_annotations",
    "single_zone_in_region",
    "stack_region",
]
