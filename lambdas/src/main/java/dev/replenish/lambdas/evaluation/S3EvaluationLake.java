package dev.replenish.lambdas.evaluation;

import dev.replenish.core.missions.ShoppingMissions;

import dev.replenish.core.evaluation.BaselineInputs;
import dev.replenish.core.evaluation.BaselineInputs.ProductPopularity;
import dev.replenish.core.evaluation.BaselineInputs.UserProductPurchase;
import dev.replenish.core.evaluation.EvaluationMetrics;
import dev.replenish.core.evaluation.HtmlReport;
import dev.replenish.core.evaluation.MetricsJson;
import dev.replenish.core.evaluation.ScoredCandidate;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.sql.evaluation.BaselineQuery;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * {@link EvaluationLake} on the lake bucket. The inputs are headerless CSV of numbers: the batch
 * transform's {@code user_id,product_id,order_id,label,probability} lines, and the Athena CTAS
 * text tables, whose columns are {@link BaselineQuery#columns()} and whose NULL is {@code \N}.
 * Every malformed line fails the step naming the object, the line and the rule.
 */
public final class S3EvaluationLake implements EvaluationLake {

    /** Hive's text serialisation of NULL. */
    static final String NULL = "\\N";

    private final S3Client s3;
    private final String bucket;

    public S3EvaluationLake(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public FeatureManifest featureManifest(String runId) {
        String key = LakeLayout.featureManifest(runId);
        return FeatureManifest.fromJson(text(key).orElseThrow(() -> new IllegalStateException(
                uri(key) + " does not exist: the join step of run " + runId + " has not written it")), uri(key));
    }

    @Override
    public List<ScoredCandidate> scoredCandidates(String runId) {
        return rows(LakeLayout.evaluationScores(runId), "user_id,product_id,order_id,label,probability", 5, (line) -> {
            boolean label = switch (line.field(3)) {
                case "0" -> false;
                case "1" -> true;
                default -> throw line.error("label must be 0 or 1, was '" + line.field(3) + "'");
            };
            double probability = line.number(4);
            if (!(probability >= 0.0 && probability <= 1.0)) {
                throw line.error("probability must be between 0 and 1, was " + line.field(4));
            }
            return new ScoredCandidate(line.id(0), line.id(1), line.id(2), probability, label);
        }, "the batch transform of run " + runId);
    }

    @Override
    public List<UserProductPurchase> userProductHistory(String runId) {
        BaselineQuery query = BaselineQuery.USER_PRODUCT_HISTORY;
        return rows(LakeLayout.baselineInputs(runId, query.tableName()), String.join(",", query.columns()), query.columns().size(),
                line -> new UserProductPurchase(line.id(0), line.id(1), line.id(2), (int) line.id(3), line.id(4) == 1,
                        line.isNull(5) ? Double.NaN : line.number(5)),
                "the evaluation query " + query.tableName() + " of run " + runId);
    }

    @Override
    public List<ProductPopularity> productPopularity(String runId) {
        BaselineQuery query = BaselineQuery.PRODUCT_POPULARITY;
        return rows(LakeLayout.baselineInputs(runId, query.tableName()), String.join(",", query.columns()), query.columns().size(),
                line -> new ProductPopularity(line.id(0), line.id(1)),
                "the evaluation query " + query.tableName() + " of run " + runId);
    }

    @Override
    public List<BaselineInputs.TargetProduct> validationTargets(String runId) {
        return rows(LakeLayout.evaluationTargets(runId), "order_id,product_id", 2,
                line -> new BaselineInputs.TargetProduct(line.id(0), line.id(1)), "the join of run " + runId);
    }

    @Override
    public Optional<ShoppingMissions> missions(String runId) {
        String key = LakeLayout.missionsDocument(runId);
        return text(key).map(json -> ShoppingMissions.fromJson(json, uri(key)));
    }

    @Override
    public Optional<EvaluationMetrics> metrics(String runId) {
        String key = LakeLayout.reports(runId) + MetricsJson.FILE_NAME;
        return text(key).map(json -> MetricsJson.read(json, uri(key)));
    }

    @Override
    public void writeReport(String runId, String metricsJson, String html) {
        String reports = LakeLayout.reports(runId);
        s3.putObject(b -> b.bucket(bucket).key(reports + MetricsJson.FILE_NAME).contentType("application/json"),
                RequestBody.fromString(metricsJson, StandardCharsets.UTF_8));
        s3.putObject(b -> b.bucket(bucket).key(reports + HtmlReport.FILE_NAME).contentType("text/html; charset=utf-8"),
                RequestBody.fromString(html, StandardCharsets.UTF_8));
    }

    private Optional<String> text(String key) {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + uri(key), e);
        }
    }

    /** Every line of every object under {@code prefix}, parsed; none at all is an error naming the writer. */
    private <T> List<T> rows(String prefix, String layout, int fields, Function<CsvLine, T> parse, String writer) {
        List<T> rows = new ArrayList<>();
        int objects = 0;
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(continuation));
            for (S3Object object : page.contents()) {
                if (object.key().endsWith("/")) {
                    continue;   // a "folder" placeholder, not data
                }
                objects++;
                read(object.key(), layout, fields, parse, rows);
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        if (rows.isEmpty()) {
            throw new IllegalStateException(uri(prefix) + " holds no rows (" + objects + " objects): " + writer
                    + " wrote nothing there");
        }
        return rows;
    }

    private <T> void read(String key, String layout, int fields, Function<CsvLine, T> parse, List<T> rows) {
        try (InputStream raw = new BufferedInputStream(s3.getObject(b -> b.bucket(bucket).key(key)));
             BufferedReader reader = new BufferedReader(new InputStreamReader(gunzipped(raw), StandardCharsets.UTF_8))) {
            String text;
            long number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isEmpty()) {
                    continue;
                }
                rows.add(parse.apply(new CsvLine(uri(key), number, text, layout, fields)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + uri(key), e);
        }
    }

    /** Athena gzips its text tables (the CTAS asks for it); the transform's output is plain. The bytes tell which. */
    private static InputStream gunzipped(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** One line of a headerless CSV of numbers. */
    private static final class CsvLine {
        private final String source;
        private final long number;
        private final String layout;
        private final String[] values;

        CsvLine(String source, long number, String text, String layout, int fields) {
            this.source = source;
            this.number = number;
            this.layout = layout;
            this.values = text.split(",", -1);
            if (values.length != fields) {
                throw error(values.length + " fields where " + fields + " were expected");
            }
        }

        String field(int index) {
            return values[index].strip();
        }

        boolean isNull(int index) {
            String value = field(index);
            return value.isEmpty() || value.equals(NULL);
        }

        long id(int index) {
            String value = field(index);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw error("field " + (index + 1) + " must be a whole number, was '" + value + "'");
            }
        }

        double number(int index) {
            String value = field(index);
            try {
                double parsed = Double.parseDouble(value);
                if (Double.isFinite(parsed)) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw error("field " + (index + 1) + " must be a finite number, was '" + value + "'");
        }

        IllegalStateException error(String rule) {
            return new IllegalStateException(source + " line " + number + ": " + rule + " (expected " + layout + ")");
        }
    }
}
