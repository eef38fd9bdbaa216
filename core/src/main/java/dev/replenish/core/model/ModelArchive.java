package dev.replenish.core.model;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The model artifact: {@code model.tar.gz} holding exactly one file, {@code xgboost-model}, as
 * SageMaker's built-in XGBoost container writes and loads it. The same bytes serve locally and in
 * the cloud. Written here in plain ustar, so the artifact needs no archive library in a Lambda.
 */
public final class ModelArchive {

    /** The archive's file name under {@code models/<run>/}. */
    public static final String FILE_NAME = "model.tar.gz";

    /** The one entry's name, the one SageMaker's XGBoost container loads. */
    public static final String ENTRY_NAME = "xgboost-model";

    private static final int BLOCK = 512;

    private ModelArchive() {
    }

    /** Writes {@code model} (the booster's saved bytes) as the archive's only entry. */
    public static void write(byte[] model, OutputStream out, long modifiedEpochSeconds) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(out);
        gzip.write(header(ENTRY_NAME, model.length, modifiedEpochSeconds));
        gzip.write(model);
        int padding = (BLOCK - model.length % BLOCK) % BLOCK;
        gzip.write(new byte[padding]);
        // Two zero blocks end a tar archive.
        gzip.write(new byte[2 * BLOCK]);
        gzip.finish();
    }

    /**
     * The bytes of {@code xgboost-model}. Fails unless the archive holds exactly that one file
     * (a leading "./" and directory entries, as some tar tools write, are accepted).
     */
    public static byte[] read(InputStream in, String source) throws IOException {
        InputStream tar = new GZIPInputStream(in);
        byte[] model = null;
        byte[] header = new byte[BLOCK];
        while (true) {
            if (!readBlock(tar, header)) {
                throw new IOException(source + ": the archive ends without its end-of-archive blocks");
            }
            if (isZero(header)) {
                break;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12, source);
            char type = (char) header[156];
            byte[] content = readContent(tar, size, source);
            if (type == '5' || type == 'x' || type == 'g') {
                continue;   // a directory, or pax metadata: no file
            }
            String normalised = name.startsWith("./") ? name.substring(2) : name;
            if (!(type == '0' || type == '\0') || !normalised.equals(ENTRY_NAME)) {
                throw new IOException(source + ": holds '" + name + "'; a model archive holds only " + ENTRY_NAME);
            }
            if (model != null) {
                throw new IOException(source + ": holds " + ENTRY_NAME + " twice");
            }
            model = content;
        }
        if (model == null) {
            throw new IOException(source + ": does not hold " + ENTRY_NAME);
        }
        return model;
    }

    private static byte[] header(String name, long size, long modifiedEpochSeconds) {
        byte[] header = new byte[BLOCK];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", size));
        put(header, 136, String.format("%011o", modifiedEpochSeconds));
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        // The checksum is summed with its own field as spaces, then written as 6 octal digits, NUL, space.
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';
        return header;
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, BLOCK);
        if (read == 0) {
            return false;
        }
        if (read < BLOCK) {
            throw new EOFException("truncated tar block");
        }
        return true;
    }

    private static byte[] readContent(InputStream in, long size, String source) throws IOException {
        if (size > Integer.MAX_VALUE - BLOCK) {
            throw new IOException(source + ": an entry of " + size + " bytes is too large for a model");
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream((int) size);
        byte[] block = new byte[BLOCK];
        long remaining = size;
        while (remaining > 0) {
            if (!readBlock(in, block)) {
                throw new IOException(source + ": the archive is truncated");
            }
            content.write(block, 0, (int) Math.min(BLOCK, remaining));
            remaining -= BLOCK;
        }
        return content.toByteArray();
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static long octal(byte[] header, int offset, int length, String source) throws IOException {
        String digits = text(header, offset, length).trim();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException(source + ": not a tar archive (bad size field '" + digits + "')");
        }
    }
}
