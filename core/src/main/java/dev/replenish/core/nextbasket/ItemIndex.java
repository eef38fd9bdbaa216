package dev.replenish.core.nextbasket;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Item ids mapped to dense indices, so per-item statistics are arrays rather than maps of boxed ids. */
final class ItemIndex {

    private final Map<Long, Integer> indexById = new HashMap<>();
    private long[] ids = new long[1024];

    /** The item's index, adding the item if it is new. */
    int add(long id) {
        Integer known = indexById.get(id);
        if (known != null) {
            return known;
        }
        int index = indexById.size();
        if (index == ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[index] = id;
        indexById.put(id, index);
        return index;
    }

    /** The item's index, or -1 for an item no history or training target holds. */
    int indexOf(long id) {
        Integer index = indexById.get(id);
        return index == null ? -1 : index;
    }

    long idAt(int index) {
        return ids[index];
    }

    int size() {
        return indexById.size();
    }
}
