package dev.replenish.infra.training;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnMapping;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.constructs.Construct;

import java.util.Map;
import java.util.TreeMap;

/**
 * SageMaker's built-in XGBoost 3.0-5 image in the stack's region. AWS publishes the image in a
 * different ECR account per region ("Docker Registry Paths and Example Code", XGBoost algorithm,
 * repository sagemaker-xgboost); the table is a template mapping, and synthesis fails for a
 * configured region without the image.
 */
public final class XgboostImage extends Construct {

    public static final String REPOSITORY = "sagemaker-xgboost";
    /** The 3.0 line, like the xgboost4j 3.0.4 the local trainer uses: a model trained on either side loads on both. */
    public static final String VERSION = "3.0-5";

    /** Region -> the AWS account that publishes sagemaker-xgboost there (commercial, China and GovCloud regions). */
    static final Map<String, String> ACCOUNT_BY_REGION = new TreeMap<>(Map.ofEntries(
            Map.entry("af-south-1", "510948584623"),
            Map.entry("ap-east-1", "651117190479"),
            Map.entry("ap-northeast-1", "354813040037"),
            Map.entry("ap-northeast-2", "366743142698"),
            Map.entry("ap-northeast-3", "867004704886"),
            Map.entry("ap-south-1", "720646828776"),
            Map.entry("ap-south-2", "628508329040"),
            Map.entry("ap-southeast-1", "121021644041"),
            Map.entry("ap-southeast-2", "783357654285"),
            Map.entry("ap-southeast-3", "951798379941"),
            Map.entry("ap-southeast-4", "106583098589"),
            Map.entry("ca-central-1", "341280168497"),
            Map.entry("ca-west-1", "190319476487"),
            Map.entry("cn-north-1", "450853457545"),
            Map.entry("cn-northwest-1", "451049120500"),
            Map.entry("eu-central-1", "492215442770"),
            Map.entry("eu-central-2", "680994064768"),
            Map.entry("eu-north-1", "662702820516"),
            Map.entry("eu-south-1", "978288397137"),
            Map.entry("eu-south-2", "104374241257"),
            Map.entry("eu-west-1", "141502667606"),
            Map.entry("eu-west-2", "764974769150"),
            Map.entry("eu-west-3", "659782779980"),
            Map.entry("il-central-1", "898809789911"),
            Map.entry("me-central-1", "272398656194"),
            Map.entry("me-south-1", "801668240914"),
            Map.entry("sa-east-1", "737474898029"),
            Map.entry("us-east-1", "683313688378"),
            Map.entry("us-east-2", "257758044811"),
            Map.entry("us-gov-east-1", "237065988967"),
            Map.entry("us-gov-west-1", "414596584902"),
            Map.entry("us-west-1", "746614075791"),
            Map.entry("us-west-2", "246618743249")));

    private static final String ACCOUNT_KEY = "account";

    private final String account;

    public XgboostImage(Construct scope, String id) {
        super(scope, id);
        Map<String, Map<String, Object>> table = new TreeMap<>();
        ACCOUNT_BY_REGION.forEach((region, owner) -> table.put(region, Map.of(ACCOUNT_KEY, owner)));
        String region = Stack.of(this).getRegion();
        if (!Token.isUnresolved(region) && !ACCOUNT_BY_REGION.containsKey(region)) {
            throw new IllegalArgumentException("SageMaker's built-in XGBoost image is not published in region " + region
                    + " (context replenish:region); regions with the image: " + ACCOUNT_BY_REGION.keySet());
        }
        CfnMapping mapping = CfnMapping.Builder.create(this, "AccountByRegion").mapping(table).build();
        // Looked up by the deployment's region in the template, so the template names the image of
        // whichever region it is deployed to.
        account = mapping.findInMap(Aws.REGION, ACCOUNT_KEY);
    }

    /** The image URI for training jobs, model packages and models. */
    public String uri() {
        return account + ".dkr.ecr." + Aws.REGION + "." + Aws.URL_SUFFIX + "/" + REPOSITORY + ":" + VERSION;
    }

    /** The ECR repository the SageMaker roles pull the image from. */
    public String repositoryArn() {
        return "arn:" + Aws.PARTITION + ":ecr:" + Aws.REGION + ":" + account + ":repository/" + REPOSITORY;
    }
}
