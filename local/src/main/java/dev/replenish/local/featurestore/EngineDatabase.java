package dev.replenish.local.featurestore;

import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import com.almworks.sqlite4java.SQLiteStatement;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import com.amazonaws.services.dynamodbv2.local.shared.access.LocalDBClient;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.AmazonDynamoDBOfflineSQLiteJob;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteDBAccess;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.concurrent.ExecutionException;

/**
 * The SQLite connection under an embedded DynamoDB Local engine. DynamoDB Local has no setting for
 * SQLite's pragmas; its one connection lives on the queue thread of its {@link SQLiteDBAccess},
 * reached through the embedded engine's wrappers (DynamoDB Local 2.2's layout, checked by
 * {@code LocalDynamoDbTest}: a later version that moves them fails that test, not a load).
 */
final class EngineDatabase {

    private final SQLiteQueue queue;

    private EngineDatabase(SQLiteQueue queue) {
        this.queue = queue;
    }

    static EngineDatabase of(AmazonDynamoDBLocal engine) {
        try {
            Object embedded = field(engine, "proxy");
            Object handler = Proxy.getInvocationHandler(embedded);
            LocalDBClient client = (LocalDBClient) field(handler, "impl");
            SQLiteDBAccess access = (SQLiteDBAccess) field(client, "dbAccess");
            return new EngineDatabase((SQLiteQueue) field(access, "queue"));
        } catch (ReflectiveOperationException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("this DynamoDB Local does not expose its SQLite queue as version 2.2 did: " + e, e);
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(owner);
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
    }

    /**
     * 16 KiB pages (set on the fresh file by a VACUUM, before any item), no syncs, an exclusive lock
     * and the journal in memory; returns the journal mode SQLite reports afterwards.
     */
    String relaxDurability() {
        return run("relax durability for a bulk load", new SQLiteJob<String>() {
            @Override
            protected String job(SQLiteConnection connection) throws Throwable {
                connection.exec("PRAGMA page_size=16384");
                connection.exec("VACUUM");
                connection.exec("PRAGMA synchronous=OFF");
                connection.exec("PRAGMA locking_mode=EXCLUSIVE");
                connection.exec("PRAGMA journal_mode=MEMORY");
                return pragma(connection, "journal_mode");
            }
        });
    }

    /**
     * Opens one SQLite transaction for everything the engine writes from now on. DynamoDB Local
     * otherwise wraps each item in its own BEGIN and COMMIT, and at each COMMIT writes the item's
     * pages and the B-tree's pages above them to the file again; it leaves that out while its own
     * flag for TransactWriteItems (a static ThreadLocal, set here on its queue thread) is on. Until
     * {@link #commitBulkTransaction()}, nothing written is in the file for another connection, and
     * closing the engine first discards it all.
     */
    void beginBulkTransaction() {
        run("open the bulk load's transaction", new SQLiteJob<Void>() {
            @Override
            protected Void job(SQLiteConnection connection) throws Throwable {
                connection.exec("BEGIN");
                manualTransactions().set(Boolean.TRUE);
                return null;
            }
        });
    }

    /** Commits the transaction {@link #beginBulkTransaction()} opened; the engine commits item by item again. */
    void commitBulkTransaction() {
        run("commit the bulk load", new SQLiteJob<Void>() {
            @Override
            protected Void job(SQLiteConnection connection) throws Throwable {
                manualTransactions().set(Boolean.FALSE);
                connection.exec("COMMIT");
                return null;
            }
        });
    }

    /** Whether SQLite has a transaction open on the engine's connection. */
    boolean inTransaction() {
        return run("tell whether a transaction is open", new SQLiteJob<Boolean>() {
            @Override
            protected Boolean job(SQLiteConnection connection) throws Throwable {
                return !connection.getAutoCommit();
            }
        });
    }

    /**
     * Runs a job on the engine's queue thread. sqlite4java's {@code complete()} answers null for a
     * job that failed; a commit that failed must not pass for one that succeeded, so this waits
     * with {@code get()} and throws, naming what could not be done.
     */
    private <T> T run(String what, SQLiteJob<T> job) {
        try {
            return queue.execute(job).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for DynamoDB Local's SQLite to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("DynamoDB Local's SQLite could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static ThreadLocal<Boolean> manualTransactions() throws ReflectiveOperationException {
        Field flag = AmazonDynamoDBOfflineSQLiteJob.class.getDeclaredField("manualTransactionsEnabled");
        flag.setAccessible(true);
        return (ThreadLocal<Boolean>) flag.get(null);
    }

    /** The current value of a pragma, as SQLite reports it. */
    String pragma(String name) {
        return run("read pragma " + name, new SQLiteJob<String>() {
            @Override
            protected String job(SQLiteConnection connection) throws Throwable {
                return pragma(connection, name);
            }
        });
    }

    private static String pragma(SQLiteConnection connection, String name) throws Exception {
        SQLiteStatement statement = connection.prepare("PRAGMA " + name);
        try {
            statement.step();
            return statement.columnString(0);
        } finally {
            statement.dispose();
        }
    }
}
