#!/usr/bin/env bash
# Builds the serving images and pushes them to the platform registry's VPC endpoint, as the registry's CI role.
# Runs on the platform stack's CI runner (inside the VPC): the registry has no internet endpoint. Copy it to
# ci/registry-push.sh in your infrastructure repository; docs/ci.md explains it.
#
# In (environment):
#   OIDC_TOKEN            the job's OIDC token, audience sts.aliyuncs.com (the CI system issues it per job)
#   CI_ROLE_ARN           the platform stack's output registryCiIdentity (the role only this job's subject assumes)
#   OIDC_PROVIDER_ARN     the platform stack config's registry.ci.providerArn
#   REGISTRY_INSTANCE_ID  the platform stack's output registryInstanceId
#   REGISTRY              the platform stack's output registryVpcEndpoint
#   REGION                the stack's region, e.g. cn-hangzhou
#   IMAGES                space-separated namespace/repository:tag=build-context pairs, the tags the apps stack
#                         config names, e.g. "retail-ai/ranking:1.0.0=services/ranking"
# Nothing is written to disk but docker's login for the registry, which expires with the temporary token.
set -euo pipefail

for name in OIDC_TOKEN CI_ROLE_ARN OIDC_PROVIDER_ARN REGISTRY_INSTANCE_ID REGISTRY REGION IMAGES; do
  if [ -z "${!name:-}" ]; then
    echo "registry-push: $name is not set" >&2
    exit 2
  fi
done

# The job's OIDC token for an hour of STS credentials of the CI role (AssumeRoleWithOIDC takes no signature).
credentials=$(curl -fsS "https://sts-vpc.${REGION}.aliyuncs.com/" \
  --data-urlencode "Action=AssumeRoleWithOIDC" \
  --data-urlencode "Version=2015-04-01" \
  --data-urlencode "Format=JSON" \
  --data-urlencode "RoleArn=${CI_ROLE_ARN}" \
  --data-urlencode "OIDCProviderArn=${OIDC_PROVIDER_ARN}" \
  --data-urlencode "OIDCToken=${OIDC_TOKEN}" \
  --data-urlencode "RoleSessionName=ci-push-$(date +%s)" \
  --data-urlencode "DurationSeconds=3600")
key_id=$(jq -r .Credentials.AccessKeyId <<<"$credentials")
key_secret=$(jq -r .Credentials.AccessKeySecret <<<"$credentials")
security_token=$(jq -r .Credentials.SecurityToken <<<"$credentials")

# A temporary docker login for the Enterprise Edition instance (cr:GetAuthorizationToken, allowed to the role).
login=$(aliyun cr GetAuthorizationToken --region "$REGION" --InstanceId "$REGISTRY_INSTANCE_ID" \
  --mode StsToken --access-key-id "$key_id" --access-key-secret "$key_secret" --sts-token "$security_token")
jq -r .AuthorizationToken <<<"$login" |
  docker login --username "$(jq -r .TempUsername <<<"$login")" --password-stdin "$REGISTRY"

for pair in $IMAGES; do
  image="${REGISTRY}/${pair%%=*}"
  context="${pair#*=}"
  docker build --tag "$image" "$context"
  docker push "$image"
done
docker logout "$REGISTRY"
