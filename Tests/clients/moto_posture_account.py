"""Builds an emulated AWS account in a running moto server for the live posture scan tests, with botocore (the
client AWS's own SDKs use): resources that fail the posture rules and resources that pass them, one of each where
moto can hold the setting.

Usage: moto_posture_account.py PORT REGION   Prints one JSON object naming what it planted.

moto's known gaps (covered by recorded responses in LivePostureRecordedTests, not here): it has no KMS rotation
period, reports every SageMaker model with network isolation off, keeps no Security Hub standards, and invents a
KMS key for every Bedrock custom model.
"""
import json
import sys

import botocore.session

port, region = sys.argv[1], sys.argv[2]
session = botocore.session.get_session()


def client(name):
    return session.create_client(name, region_name=region, endpoint_url=f"http://127.0.0.1:{port}",
                                 aws_access_key_id="AKIARAMPARTPOSTURE01", aws_secret_access_key="moto-accepts-any-secret")


planted = {}
trust_sagemaker = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
trust_people = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]})

iam = client("iam")
role = iam.create_role(RoleName="training", AssumeRolePolicyDocument=trust_sagemaker)["Role"]["Arn"]
iam.put_role_policy(RoleName="training", PolicyName="everything-ml", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["bedrock:*", "sagemaker:*"], "Resource": "*"}]}))
iam.create_role(RoleName="data-scientist", AssumeRolePolicyDocument=trust_people, Tags=[{"Key": "rampart:role", "Value": "data-scientist"}])
writer = iam.create_policy(PolicyName="dataset-writer", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::acme-datasets/*"}]}))["Policy"]["Arn"]
iam.attach_role_policy(RoleName="data-scientist", PolicyArn=writer)
iam.create_role(RoleName="inference", AssumeRolePolicyDocument=trust_sagemaker)
iam.put_role_policy(RoleName="inference", PolicyName="invoke", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["bedrock:InvokeModel"], "Resource": "*"}]}))

kms = client("kms")
unrotated = kms.create_key(Description="no rotation")["KeyMetadata"]["KeyId"]
rotated = kms.create_key(Description="rotated", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "use", "Effect": "Allow", "Principal": {"AWS": role}, "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], "Resource": "*"},
    {"Sid": "admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/key-admins"}, "Action": ["kms:Describe*", "kms:Enable*", "kms:Put*"], "Resource": "*"}]}))["KeyMetadata"]
kms.enable_key_rotation(KeyId=rotated["KeyId"])
planted["unrotated_key"], planted["rotated_key"] = unrotated, rotated["KeyId"]

s3 = client("s3")
location = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
s3.create_bucket(Bucket="acme-datasets", **location)
s3.put_bucket_tagging(Bucket="acme-datasets", Tagging={"TagSet": [{"Key": "rampart:workload", "Value": "fraud-model"}]})
s3.create_bucket(Bucket="acme-model-artifacts", **location)
s3.put_bucket_encryption(Bucket="acme-model-artifacts", ServerSideEncryptionConfiguration={"Rules": [
    {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": rotated["Arn"]}}]})
s3.put_bucket_lifecycle_configuration(Bucket="acme-model-artifacts", LifecycleConfiguration={"Rules": [
    {"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 90}}]})
s3.put_bucket_policy(Bucket="acme-model-artifacts", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::acme-model-artifacts", "arn:aws:s3:::acme-model-artifacts/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::acme-model-artifacts", "arn:aws:s3:::acme-model-artifacts/*"], "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}}]}))

ec2 = client("ec2")
vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
open_group = ec2.create_security_group(GroupName="notebook-open", Description="open", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=open_group, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 8888, "ToPort": 8888, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
closed_group = ec2.create_security_group(GroupName="internal", Description="internal", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=closed_group, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.20.0.0/16"}]}])
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{region}.bedrock-runtime", VpcEndpointType="Interface")
planted["open_group"], planted["closed_group"], planted["vpc"] = open_group, closed_group, vpc

sagemaker = client("sagemaker")
sagemaker.create_notebook_instance(NotebookInstanceName="explore", InstanceType="ml.t3.medium", RoleArn=role)
sagemaker.create_notebook_instance(NotebookInstanceName="private", InstanceType="ml.t3.medium", RoleArn=role, SubnetId=subnet,
                                   SecurityGroupIds=[closed_group], DirectInternetAccess="Disabled", KmsKeyId=rotated["KeyId"])
sagemaker.create_model(ModelName="fraud", ExecutionRoleArn=role, PrimaryContainer={"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud:1"})
sagemaker.create_endpoint_config(EndpointConfigName="fraud-plain", ProductionVariants=[{"VariantName": "main", "ModelName": "fraud", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
sagemaker.create_endpoint_config(EndpointConfigName="fraud-cmek", KmsKeyId=rotated["Arn"], ProductionVariants=[{"VariantName": "main", "ModelName": "fraud", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
sagemaker.create_training_job(TrainingJobName="fraud-train", RoleArn=role,
                              AlgorithmSpecification={"TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1", "TrainingInputMode": "File"},
                              OutputDataConfig={"S3OutputPath": "s3://acme-model-artifacts/out"},
                              ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
                              StoppingCondition={"MaxRuntimeInSeconds": 3600})
sagemaker.create_training_job(TrainingJobName="fraud-train-sealed", RoleArn=role, EnableNetworkIsolation=True,
                              AlgorithmSpecification={"TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1", "TrainingInputMode": "File"},
                              OutputDataConfig={"S3OutputPath": "s3://acme-model-artifacts/out", "KmsKeyId": rotated["Arn"]},
                              ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10, "VolumeKmsKeyId": rotated["Arn"]},
                              VpcConfig={"SecurityGroupIds": [closed_group], "Subnets": [subnet]},
                              StoppingCondition={"MaxRuntimeInSeconds": 3600})

logs = client("logs")
logs.create_log_group(logGroupName="/genai/app")
logs.create_log_group(logGroupName="/cloudtrail/main", kmsKeyId=rotated["Arn"])
logs.put_retention_policy(logGroupName="/cloudtrail/main", retentionInDays=90)
cloudtrail = client("cloudtrail")
s3.create_bucket(Bucket="acme-trail", **location)
trail = cloudtrail.create_trail(Name="main", S3BucketName="acme-trail")["TrailARN"]
cloudtrail.start_logging(Name="main")
planted["trail"] = trail

agents = client("bedrock-agent")
agents.create_agent(agentName="support", agentResourceRoleArn=role, foundationModel="anthropic.claude-3-haiku-20240307-v1:0")
client("bedrock").put_model_invocation_logging_configuration(loggingConfig={"cloudWatchConfig": {"logGroupName": "/bedrock/invocations", "roleArn": role}})

guardduty = client("guardduty")
planted["detector"] = guardduty.create_detector(Enable=False)["DetectorId"]
securityhub = client("securityhub")
securityhub.enable_security_hub(EnableDefaultStandards=False)

print(json.dumps(planted, sort_keys=True))
