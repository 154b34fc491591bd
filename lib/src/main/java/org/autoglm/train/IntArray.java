package org.autoglm.train;

import java.util.Arrays;

/** A growing list of ints without boxing: snapshot building and neighbour sampling. */
final class IntArray {
  private int[] data;
  private int size;

  IntArray() {
    this(16);
  }

  IntArray(int capacity) {
    data = new int[Math.max(16, capacity)];
  }

  void add(int v) {
    if (size == data.length) {
      data = Arrays.copyOf(data, size * 2);
    }
    data[size++] = v;
  }

  int get(int i) {
    return data[i];
  }

  int size() {
    return size;
  }

  int[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
