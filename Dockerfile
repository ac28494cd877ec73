# Dataflow custom container: the official Beam Python SDK image of the pinned Beam version,
# plus storyline and its dependencies. The image's entrypoint (/opt/apache/beam/boot) is kept.
#   docker build -t REGION-docker.pkg.dev/PROJECT/REPO/storyline:0.1.0 .
#   storyline run --runner=DataflowRunner --project=PROJECT --region=REGION \
#     --temp_location=gs://BUCKET/tmp --sdk_container_image=REGION-docker.pkg.dev/PROJECT/REPO/storyline:0.1.0 \
#     --sdk_location=container --input 'gs://BUCKET/raw/**' --output gs://BUCKET/storyline/run-1
FROM apache/beam_python3.11_sdk:2.76.0

WORKDIR /opt/storyline
COPY pyproject.toml README.md ./
COPY pipeline ./pipeline
COPY transforms ./transforms
COPY schemas ./schemas
RUN pip install --no-cache-dir ".[gcp]"
