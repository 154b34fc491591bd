"""Open-AutoGLM nightly pipeline as an Airflow DAG (apache-airflow-providers-apache-spark).

One task per night: `autoglm nightly` collects the night's new files (data.incremental), cleans,
tunes warm-started from earlier nights, gates the chosen model against the last night's and
publishes it to models/<study>/current only if it passed. Its exit code says why a night failed:
3 data error, 4 no trial completed, 5 the gate found a regression (retrying will not help: the
retries below are for 1, an internal error such as a lost cluster). A retry of the same
logical date replaces that night's rows instead of doubling them.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

with DAG(
    dag_id="autoglm_nightly_interactions",
    schedule="15 2 * * *",
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
) as dag:
    SparkSubmitOperator(
        task_id="nightly",
        conn_id="spark_default",  # the cluster: yarn, spark://, or k8s://
        application="/opt/autoglm/autoglm-jobs-0.1.0-SNAPSHOT.jar",
        java_class="org.autoglm.jobs.AutoGlm",
        application_args=[
            "nightly", "hdfs:///experiments/interactions.yaml",
            "--env", "prod",
            "--run-date", "{{ ds }}",
        ],
        # GPU clusters: properties_file="/opt/autoglm/conf/spark/gpu-yarn.conf",
        # files="/opt/autoglm/conf/spark/gpu-discovery.sh",
    )
