package dev.replenish.sql;

import dev.replenish.core.contract.InstacartTable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The portable SQL files, read from the classpath where the build puts them ({@code sql/...}). */
public final class SqlFiles {

    private SqlFiles() {
    }

    /** The curate SELECT of one contract table ({@code sql/curate/<table>.sql}). */
    public static String curate(InstacartTable table) {
        return read("sql/curate/" + table.tableName() + ".sql");
    }

    /** The SELECT of one feature table ({@code sql/features/<table>.sql}). */
    public static String feature(String tableName) {
        return read("sql/features/" + tableName + ".sql");
    }

    /** A SQL file by its classpath name, e.g. {@code sql/features/user_features.sql}. */
    public static String read(String resource) {
        try (InputStream in = SqlFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("SQL file " + resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
