package dev.replenish.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.functions.LambdaHandlers;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The whole app, synthesized once per test JVM (synthesis takes 10-30 s) with the repository's
 * cdk.json context, exactly as `cdk synth` would, except that the jars other modules build are
 * replaced by small stand-ins (CDK only hashes them) and the feature SQL by a fixture. The cloud
 * assembly is written to target/cdk.out, where infra/cfn-lint.sh lints it.
 * Stale assets of earlier runs do not matter: CDK names them by content hash.
 */
final class SynthesizedReplenish {

    static final Path MODULE_DIR = Path.of("").toAbsolutePath();
    static final Path REPO_ROOT = MODULE_DIR.getParent();
    static final Path ASSEMBLY_DIR = MODULE_DIR.resolve("target/cdk.out");
    static final Path STAND_INS = MODULE_DIR.resolve("target/test-artifacts");
    static final String STAND_IN_ENTRY = "stand-in-for/";

    record Synthesized(App app, InfraConfig config, ReplenishApp.Stacks stacks, CloudAssembly assembly,
                       Map<String, Template> templates) {
        Template template(Stack stack) {
            return templates.computeIfAbsent(stack.getStackName(), name -> Template.fromStack(stack));
        }

        Template data() {
            return template(stacks.data());
        }

        Template pipeline() {
            return template(stacks.pipeline());
        }

        Template serving() {
            return template(stacks.serving());
        }

        /** Where this app's assembly was written. */
        java.nio.file.Path assemblyDir() {
            return java.nio.file.Path.of(assembly.getDirectory());
        }
    }

    private static Synthesized synthesized;

    private SynthesizedReplenish() {
    }

    static synchronized Synthesized get() {
        if (synthesized == null) {
            synthesized = synthesize(ASSEMBLY_DIR, Map.of());
        }
        return synthesized;
    }

    /** A separate app with some settings changed, written to target/<outdir> (one more synthesis: use sparingly). */
    static Synthesized withContext(String outdir, Map<String, Object> overrides) {
        return synthesize(MODULE_DIR.resolve("target").resolve(outdir), overrides);
    }

    /** The context of the repository's cdk.json (settings and CDK feature flags). */
    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(REPO_ROOT.resolve("cdk.json").toFile(),
                    new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Synthesized synthesize(Path outdir, Map<String, Object> overrides) {
        Map<String, Object> context = new LinkedHashMap<>(cdkJsonContext());
        for (LambdaHandlers.Jar jar : LambdaHandlers.Jar.values()) {
            standInJar(jar.fileName());
        }
        context.put("replenish:artifacts.lambdaJarDir", STAND_INS.toString());
        context.put("replenish:artifacts.glueJobJar", standInJar("replenish-glue-job.jar").toString());
        context.put("replenish:artifacts.sqlDir", MODULE_DIR.resolve("src/test/resources/sql-fixture").toString());
        context.putAll(overrides);
        App app = new App(AppProps.builder()
                .context(context)
                .outdir(outdir.toString())
                .analyticsReporting(false)
                .build());
        InfraConfig config = ReplenishApp.config(app, REPO_ROOT);
        ReplenishApp.Stacks stacks = ReplenishApp.build(app, config);
        CloudAssembly assembly = app.synth();
        return new Synthesized(app, config, stacks, assembly, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /**
     * A valid jar holding only {@link #STAND_IN_ENTRY}{@code <name>}: a stand-in for a build output
     * that only gets hashed. The entry tells which stand-in an asset was made from.
     */
    static Path standInJar(String name) {
        try {
            Files.createDirectories(STAND_INS);
            Path jar = STAND_INS.resolve(name);
            if (!Files.exists(jar)) {
                try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
                    zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
                    zip.write("Manifest-Version: 1.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    zip.closeEntry();
                    zip.putNextEntry(new ZipEntry(STAND_IN_ENTRY + name));
                    zip.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
