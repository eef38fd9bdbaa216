package dev.replenish.local.transactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.core.evaluation.Baseline;
import dev.replenish.core.evaluation.EvaluationMetrics;
import dev.replenish.core.evaluation.MetricsJson;
import dev.replenish.local.Replenish;
import dev.replenish.local.pipeline.LatestRun;
import dev.replenish.sources.transactions.ImportReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: a generated transactions export, with a few rows a real one has (a cancellation, a
 * return, a line with no customer), goes through import-transactions, and the pipeline runs on the
 * result up to evaluate, unchanged. Run once for the class; Spark starts once per JVM.
 */
class ImportTransactionsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int USERS = 300;

    @TempDir
    static Path folder;

    static Path raw;
    static Path work;
    static int generateExit;
    static int importExit;
    static int pipelineExit;
    static String importOutput;

    @BeforeAll
    static void importAGeneratedExportAndRunThePipelineToEvaluate() throws Exception {
        Path export = folder.resolve("transactions.csv");
        generateExit = Replenish.newCommandLine().execute("generate-transactions", "--users", String.valueOf(USERS),
                "--seed", "5", "--out", export.toString());
        Files.writeString(export, String.join("\n",
                "CINV1,C1,24852,Banana,produce,fresh fruits,-1,2023-06-01 10:00:00",
                "INV999999,C2,24852,Banana,produce,fresh fruits,-2,2023-06-01 10:00:00",
                "INV999998,,24852,Banana,produce,fresh fruits,1,2023-06-01 10:00:00") + "\n", StandardOpenOption.APPEND);

        raw = folder.resolve("raw");
        StringWriter out = new StringWriter();
        CommandLine importing = Replenish.newCommandLine();
        importing.setOut(new PrintWriter(out, true));
        importExit = importing.execute("import-transactions", "--input", export.toString(), "--out", raw.toString(),
                "--customer", "customer", "--product", "stock_code", "--time", "time", "--order", "invoice",
                "--quantity", "quantity", "--product-name", "description", "--category", "category",
                "--subcategory", "subcategory", "--cancelled-prefix", "C");
        importOutput = out.toString();

        work = folder.resolve("work");
        pipelineExit = Replenish.newCommandLine().execute("pipeline", "--raw", raw.toString(), "--work", work.toString(),
                "--to", "evaluate");
    }

    @Test
    void theImportPrintsAReportWhoseCountsAddUpToTheRowsRead() throws Exception {
        // GIVEN the generated export with a cancellation, a return and a line with no customer (imported once for the class)
        assertEquals(0, generateExit);
        assertEquals(0, importExit, importOutput);

        // THEN the printed table names each outcome, and the JSON report accounts for every row
        assertTrue(importOutput.contains("rejected: cancellation") && importOutput.contains("rejected: user with one basket"),
                importOutput);
        JsonNode report = JSON.readTree(raw.resolve(ImportReport.FILE_NAME).toFile());
        JsonNode rejected = report.get("rejected");
        long rejectedTotal = 0;
        for (JsonNode count : rejected) {
            rejectedTotal += count.asLong();
        }
        assertEquals(report.get("rowsRead").asLong(),
                report.get("imported").asLong() + report.get("merged").asLong() + rejectedTotal);
        assertEquals(1, rejected.get("CANCELLATION").asLong());
        assertEquals(1, rejected.get("RETURN").asLong());
        assertEquals(1, rejected.get("NO_CUSTOMER").asLong());
        assertEquals(USERS, report.get("users").asLong());
    }

    @Test
    void thePipelineRunsOnTheImportedFilesUpToEvaluate() throws Exception {
        // GIVEN the imported files WHEN pipeline --to evaluate ran on them (once for the class)
        assertEquals(0, pipelineExit);

        // THEN the evaluation report exists, and the model ranks the imported histories better than the popularity baseline
        String runId = LatestRun.read(work).orElseThrow();
        Path file = work.resolve("reports").resolve(runId).resolve(MetricsJson.FILE_NAME);
        EvaluationMetrics metrics = MetricsJson.read(Files.readString(file), file.toString());
        double popular = metrics.baselines().get(Baseline.G_TOPFREQ).meanF1();
        assertTrue(metrics.model().meanF1() > popular, "model " + metrics.model().meanF1() + " vs global top " + popular);
    }
}
