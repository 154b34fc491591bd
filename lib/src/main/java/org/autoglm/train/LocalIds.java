package org.autoglm.train;

import java.util.Arrays;

/**
 * Graph node → batch position: an open-addressing table that grows with the batch, so the sampler's
 * memory is the batch's, whatever the graph's size.
 */
final class LocalIds {
  private int[] keys;
  private int[] values;
  private int size;

  LocalIds(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
    keys = new int[capacity];
    values = new int[capacity];
    Arrays.fill(keys, -1);
  }

  /** The node's batch position, or -1 when it has none. */
  int get(int node) {
    int slot = slot(node);
    return keys[slot] == node ? values[slot] : -1;
  }

  /** The node's batch position if it has one, else records {@code next} and returns -1. */
  int add(int node, int next) {
    int slot = slot(node);
    if (keys[slot] == node) {
      return values[slot];
    }
    keys[slot] = node;
    values[slot] = next;
    if (++size * 2 > keys.length) {
      grow();
    }
    return -1;
  }

  /** Where {@code node} is, or the free slot its probe ends at. */
  private int slot(int node) {
    int mask = keys.length - 1;
    int slot = mix(node) & mask;
    while (keys[slot] >= 0 && keys[slot] != node) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(keys, -1);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] >= 0) {
        int slot = slot(oldKeys[i]);
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }

  private static int mix(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
