package dev.replenish.infra.functions;

import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.IConstruct;

import java.util.List;

/**
 * CDK makes a function (or state machine) depend on its whole role construct, which renders as
 * DependsOn [role, role's policy]. The role half is redundant, since the resource already refers to
 * the role's ARN, and cfn-lint warns about it (W3005). This keeps the half that matters: the
 * policy must exist before the resource first runs.
 */
public final class RoleDependency {

    private RoleDependency() {
    }

    public static void onPolicyOnly(IConstruct resource, Role role) {
        IConstruct policy = role.getNode().tryFindChild("DefaultPolicy");
        CfnResource cfnResource = (CfnResource) resource.getNode().getDefaultChild();
        if (policy == null) {
            cfnResource.addDeletionOverride("DependsOn");
            return;
        }
        CfnResource cfnPolicy = (CfnResource) policy.getNode().getDefaultChild();
        cfnResource.addOverride("DependsOn", List.of(cfnPolicy.getLogicalId()));
    }
}
