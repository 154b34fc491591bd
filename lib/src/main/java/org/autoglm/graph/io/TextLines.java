package org.autoglm.graph.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The lines of text files with their file and 1-based line number, read on executors across many
 * files. Line numbers come from two passes over the same input splits: the first counts each
 * split's lines (one number per split reaches the driver), the second numbers them. A line that is
 * not valid UTF-8 keeps its location and gets a reason instead of text.
 */
public final class TextLines {
  /** {@code source, line, text} and, for undecodable lines, {@code reason} (text is then null). */
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("source", DataTypes.StringType, false),
              DataTypes.createStructField("line", DataTypes.LongType, false),
              DataTypes.createStructField("text", DataTypes.StringType, true),
              DataTypes.createStructField("reason", DataTypes.StringType, true)));

  private TextLines() {}

  /** Numbered lines and how many there are. */
  public record Numbered(Dataset<Row> lines, long count) {}

  public static Numbered read(SparkSession spark, List<String> files) {
    if (files.isEmpty()) {
      return new Numbered(spark.createDataFrame(List.of(), SCHEMA), 0);
    }
    JavaNewHadoopRDD<LongWritable, Text> input = input(spark, files);
    List<Tuple2<String, Long>> perSplit =
        input
            .mapPartitionsWithInputSplit(
                (split, lines) -> {
                  long n = 0;
                  for (; lines.hasNext(); lines.next()) {
                    n++;
                  }
                  return List.of(new Tuple2<>(splitKey(split), n)).iterator();
                },
                true)
            .collect();
    // Splits of one file are consecutive partitions in offset order. Keyed by split, not by
    // partition number: a union downstream renumbers partitions.
    Map<String, Long> firstLine = new HashMap<>();
    long total = 0;
    long next = 1;
    String previousFile = null;
    for (Tuple2<String, Long> split : perSplit) {
      String file = split._1().substring(0, split._1().lastIndexOf('@'));
      next = file.equals(previousFile) ? next : 1;
      firstLine.put(split._1(), next);
      next += split._2();
      total += split._2();
      previousFile = file;
    }
    JavaRDD<Row> numbered =
        input.mapPartitionsWithInputSplit(
            (split, lines) -> numbered(fileOf(split), firstLine.get(splitKey(split)), lines), true);
    return new Numbered(spark.createDataFrame(numbered, SCHEMA), total);
  }

  private static JavaNewHadoopRDD<LongWritable, Text> input(
      SparkSession spark, List<String> files) {
    try {
      Job job = Job.getInstance(spark.sparkContext().hadoopConfiguration());
      FileInputFormat.setInputPaths(
          job,
          files.stream()
              .map(org.apache.hadoop.fs.Path::new)
              .toArray(org.apache.hadoop.fs.Path[]::new));
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      return (JavaNewHadoopRDD<LongWritable, Text>)
          jsc.newAPIHadoopRDD(
              job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up reading " + files, e);
    }
  }

  /** A split's file and start offset: unique per split, the same in both passes. */
  private static String splitKey(org.apache.hadoop.mapreduce.InputSplit split) {
    return fileOf(split) + "@" + ((FileSplit) split).getStart();
  }

  private static String fileOf(org.apache.hadoop.mapreduce.InputSplit split) {
    return ((FileSplit) split).getPath().toString();
  }

  private static Iterator<Row> numbered(
      String file, long first, Iterator<Tuple2<LongWritable, Text>> lines) {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    return new Iterator<>() {
      long line = first;

      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public Row next() {
        Text text = lines.next()._2();
        long number = line++;
        try {
          String decoded =
              utf8.decode(ByteBuffer.wrap(text.getBytes(), 0, text.getLength())).toString();
          return RowFactory.create(file, number, decoded, null);
        } catch (CharacterCodingException e) {
          return RowFactory.create(file, number, null, encodingProblem(text));
        }
      }
    };
  }

  /** Names the first byte that breaks UTF-8, so the user can find it. */
  static String encodingProblem(Text text) {
    ByteBuffer in = ByteBuffer.wrap(text.getBytes(), 0, text.getLength());
    CoderResult result =
        StandardCharsets.UTF_8.newDecoder().decode(in, CharBuffer.allocate(text.getLength()), true);
    int at = in.position();
    return result.isError() && at < text.getLength()
        ? String.format(
            "line is not valid UTF-8: byte 0x%02X at byte %d; re-encode the file as UTF-8",
            text.getBytes()[at] & 0xff, at + 1)
        : "line is not valid UTF-8; re-encode the file as UTF-8";
  }
}
