package dev.replenish.infra.pipeline;

import dev.replenish.core.contract.Column;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.sql.curate.CuratePlan;
import dev.replenish.sql.evaluation.BaselineQuery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The SQL queries of one stage (curate, features or evaluation) in waves: the queries of a wave are
 * independent and run in parallel; a wave starts when the previous one has finished. The waves are
 * derived, never hand-written: curate from the data contract's keys, features from the SQL files
 * themselves, evaluation from the sql module's baseline queries.
 *
 * @param stage the stage name the query handlers receive ("curate", "features", "evaluation")
 */
public record QueryPlan(String stage, List<List<String>> waves) {

    public static final String CURATE = "curate";
    public static final String FEATURES = "features";
    public static final String EVALUATION = "evaluation";

    public QueryPlan {
        waves = waves.stream().map(List::copyOf).toList();
    }

    public List<String> queries() {
        return waves.stream().flatMap(List::stream).toList();
    }

    /**
     * Curate queries, one per statement of each table's {@link CuratePlan} ({@code orders.check},
     * {@code orders.accept}, {@code orders.reject}), the names the query handlers take. A table's
     * check waits for the accept of each table its rows refer to (order lines against orders and
     * products, products against aisles and departments): a reference is a column named like another
     * table's key, the key being the first column of the first table declaring it (order_id belongs
     * to orders, not to the order lines). Its accept and reject read the check's scratch table, so they
     * wait for the check and not for each other.
     */
    public static QueryPlan curate() {
        Map<String, InstacartTable> keyOwner = new LinkedHashMap<>();
        for (InstacartTable table : InstacartTable.values()) {
            keyOwner.putIfAbsent(table.columns().get(0).name(), table);
        }
        List<String> names = new ArrayList<>();
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        for (InstacartTable table : InstacartTable.values()) {
            String check = curateQuery(table, CuratePlan.Statement.CHECK);
            for (CuratePlan.Statement statement : CuratePlan.Statement.values()) {
                String name = curateQuery(table, statement);
                names.add(name);
                dependencies.put(name, statement == CuratePlan.Statement.CHECK
                        ? table.columns().stream()
                                .map(Column::name)
                                .map(keyOwner::get)
                                .filter(owner -> owner != null && owner != table)
                                .map(owner -> curateQuery(owner, CuratePlan.Statement.ACCEPT))
                                .collect(Collectors.toCollection(LinkedHashSet::new))
                        : new LinkedHashSet<>(List.of(check)));
            }
        }
        return new QueryPlan(CURATE, inWaves(names, dependencies));
    }

    /** The name the query handlers take for one curate statement: {@code <table>.<statement>}. */
    public static String curateQuery(InstacartTable table, CuratePlan.Statement statement) {
        return table.tableName() + "." + statement.id();
    }

    private static final Pattern QUERY_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern LINE_COMMENT = Pattern.compile("--[^\\n]*");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);

    /**
     * Feature queries: every {@code <sqlDir>/features/<name>.sql}. A file that mentions another
     * feature table's name (outside comments) runs after it.
     */
    public static QueryPlan features(Path sqlDir) {
        Path dir = sqlDir.resolve(FEATURES);
        Map<String, String> sqlByName = new LinkedHashMap<>();
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
                if (!QUERY_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException(file + ": a feature query's file name must be lower-case "
                            + "letters, digits and '_' (it becomes a table name)");
                }
                String sql = Files.readString(file);
                sqlByName.put(name, BLOCK_COMMENT.matcher(LINE_COMMENT.matcher(sql).replaceAll(" ")).replaceAll(" ")
                        .toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sqlByName.isEmpty()) {
            throw new IllegalArgumentException("no feature queries in " + dir
                    + " (context replenish:artifacts.sqlDir): the features step would have nothing to run");
        }
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        sqlByName.forEach((name, sql) -> dependencies.put(name, sqlByName.keySet().stream()
                .filter(other -> !other.equals(name))
                .filter(other -> Pattern.compile("\\b" + Pattern.quote(other) + "\\b").matcher(sql).find())
                .collect(Collectors.toCollection(LinkedHashSet::new))));
        return new QueryPlan(FEATURES, inWaves(new ArrayList<>(sqlByName.keySet()), dependencies));
    }

    /**
     * The evaluate step's queries: what the frequency baselines know, one query per
     * {@link BaselineQuery}, named by its table. They read only curated tables and the join's
     * validation rows, never each other, so they form a single wave.
     */
    public static QueryPlan evaluation() {
        return new QueryPlan(EVALUATION, List.of(Arrays.stream(BaselineQuery.values()).map(BaselineQuery::tableName).toList()));
    }

    /** Kahn's levels: wave n holds the queries whose dependencies all sit in waves before n; order kept. */
    static List<List<String>> inWaves(List<String> names, Map<String, Set<String>> dependencies) {
        List<List<String>> waves = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(names);
        while (!pending.isEmpty()) {
            List<String> wave = pending.stream().filter(name -> done.containsAll(dependencies.get(name))).toList();
            if (wave.isEmpty()) {
                throw new IllegalArgumentException("queries depend on each other in a cycle: " + pending.stream()
                        .map(name -> name + " -> " + dependencies.get(name)).collect(Collectors.joining(", ")));
            }
            waves.add(wave);
            done.addAll(wave);
            pending.removeAll(wave);
        }
        return waves;
    }
}
