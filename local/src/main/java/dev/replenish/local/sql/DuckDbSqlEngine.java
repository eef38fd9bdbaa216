package dev.replenish.local.sql;

import dev.replenish.core.sql.SqlEngine;
import dev.replenish.local.lake.LocalLake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The local {@link SqlEngine}: embedded DuckDB over a directory laid out like the S3 lake.
 * Tables are Parquet files under lake keys; a registered table is a view over them.
 */
public final class DuckDbSqlEngine implements SqlEngine, AutoCloseable {

    private final Path lakeRoot;
    private final Connection connection;

    private DuckDbSqlEngine(Path lakeRoot, Connection connection) {
        this.lakeRoot = lakeRoot;
        this.connection = connection;
    }

    /**
     * An in-memory DuckDB whose spill files go under the lake's {@code tmp/duckdb/}, so a
     * full-scale run stays within its memory limit instead of failing.
     */
    public static DuckDbSqlEngine open(Path lakeRoot, DuckDbSettings settings) {
        try {
            Path spill = lakeRoot.resolve("tmp/duckdb");
            Files.createDirectories(spill);
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET threads = " + settings.threads());
                statement.execute("SET memory_limit = '" + settings.memoryLimit() + "'");
                statement.execute("SET temp_directory = '" + sqlPath(spill) + "'");
                // Rows keep file order, so the line numbers of rejects are deterministic.
                statement.execute("SET preserve_insertion_order = true");
            }
            return new DuckDbSqlEngine(lakeRoot, connection);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not start DuckDB under " + lakeRoot + ": " + e.getMessage(), e);
        }
    }

    /** The JDBC connection, for adapters that register non-Parquet sources (raw CSV views). */
    public Connection connection() {
        return connection;
    }

    public Path lakeRoot() {
        return lakeRoot;
    }

    @Override
    public void registerTable(String tableName, String lakeKey) {
        Path folder = lakeRoot.resolve(lakeKey);
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("table " + tableName + ": no data under " + folder);
        }
        execute("CREATE OR REPLACE VIEW " + identifier(tableName) + " AS SELECT * FROM read_parquet('"
                + sqlPath(folder) + "/*.parquet')");
    }

    @Override
    public long createTableAs(String tableName, String select, String lakeKey) {
        Path target = lakeRoot.resolve(lakeKey);
        // Write beside the target, then swap it in: an interrupted run leaves no half table.
        Path staging = target.resolveSibling("." + target.getFileName() + ".writing-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            long rows = copyToParquet(select, staging.resolve("part-0.parquet"));
            LocalLake.deleteRecursively(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            registerTable(tableName, lakeKey);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        } finally {
            LocalLake.deleteRecursively(staging);
        }
    }

    private long copyToParquet(String select, Path file) {
        String copy = "COPY (" + stripTrailingSemicolon(select) + ") TO '" + sqlPath(file)
                + "' (FORMAT PARQUET, COMPRESSION ZSTD)";
        try (Statement statement = connection.createStatement()) {
            // DuckDB answers a COPY with the number of rows written.
            if (statement.execute(copy)) {
                try (ResultSet rs = statement.getResultSet()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
            return statement.getUpdateCount();
        } catch (SQLException e) {
            throw new SqlFailure(e.getMessage(), e);
        }
    }

    /** Runs a statement that returns one number (a count, say). */
    public long queryLong(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new SqlFailure(e.getMessage(), e);
        }
    }

    public void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new SqlFailure(e.getMessage(), e);
        }
    }

    /** A path as a single-quoted DuckDB string literal's content. */
    public static String sqlPath(Path path) {
        return path.toAbsolutePath().toString().replace("'", "''");
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("table name '" + name + "' must be lower-case letters, digits and '_'");
        }
        return name;
    }

    private static String stripTrailingSemicolon(String sql) {
        String trimmed = sql.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DuckDB rejected a statement; the message is DuckDB's own. */
    public static final class SqlFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SqlFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
