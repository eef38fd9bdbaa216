package dev.replenish.core.missions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A user's main shopping missions, the share of their orders each accounts for, largest first: what
 * the feature store keeps in the user's item, so the user answers name them from the one read that
 * also serves the predictions.
 *
 * <p>Packed as (mission id: one byte, share: float32 little-endian) per mission, five bytes each,
 * rather than a DynamoDB list of maps: every byte is written by the load and billed.
 */
public record MissionProfile(List<MissionShare> missions) {

    /** How many missions an item keeps per user. */
    public static final int TOP = 3;
    private static final int BYTES_PER_MISSION = 1 + Float.BYTES;

    /**
     * @param mission the mission's id (1..K, see {@link ShoppingMissions.Mission#id()})
     * @param share   the expected share of the user's orders that are this mission, 0..1
     */
    public record MissionShare(int mission, double share) {
        public MissionShare {
            if (mission < 1 || mission > 255) {
                throw new IllegalArgumentException("mission id must be 1..255, was " + mission);
            }
        }
    }

    public MissionProfile {
        missions = List.copyOf(missions);
    }

    public static MissionProfile none() {
        return new MissionProfile(List.of());
    }

    /**
     * The {@link #TOP} largest of a user's shares, largest first (ties by mission id).
     *
     * @param sharesByMission the share of mission {@code i + 1} at index {@code i}; a null or
     *                        non-positive share is left out
     */
    public static MissionProfile top(List<Double> sharesByMission) {
        List<MissionShare> all = new ArrayList<>();
        for (int i = 0; i < sharesByMission.size(); i++) {
            Double share = sharesByMission.get(i);
            if (share != null && share > 0) {
                all.add(new MissionShare(i + 1, share));
            }
        }
        all.sort(Comparator.comparingDouble(MissionShare::share).reversed().thenComparingInt(MissionShare::mission));
        return new MissionProfile(all.subList(0, Math.min(TOP, all.size())));
    }

    public byte[] pack() {
        ByteBuffer out = ByteBuffer.allocate(missions.size() * BYTES_PER_MISSION).order(ByteOrder.LITTLE_ENDIAN);
        for (MissionShare mission : missions) {
            out.put((byte) mission.mission());
            out.putFloat((float) mission.share());
        }
        return out.array();
    }

    /** The profile {@link #pack()} wrote; a malformed value is an error naming the user. */
    public static MissionProfile unpack(long userId, byte[] packed) {
        if (packed.length % BYTES_PER_MISSION != 0) {
            throw new IllegalArgumentException("user " + userId + ": a mission profile of " + packed.length
                    + " bytes is not a whole number of " + BYTES_PER_MISSION + "-byte missions");
        }
        ByteBuffer in = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        List<MissionShare> missions = new ArrayList<>();
        while (in.hasRemaining()) {
            int mission = Byte.toUnsignedInt(in.get());
            float share = in.getFloat();
            if (mission == 0 || !(share >= 0 && share <= 1.0001f)) {
                throw new IllegalArgumentException("user " + userId + ": mission profile holds mission " + mission + " with share " + share);
            }
            missions.add(new MissionShare(mission, share));
        }
        return new MissionProfile(missions);
    }
}
