# One image, two roles (the pattern of GoogleCloudPlatform/python-docs-samples,
# dataflow/flex-templates/pipeline_with_dependencies): the Dataflow worker's SDK container
# (--sdk_container_image, --sdk_location=container) and the Flex Template launcher, which runs
# dataflow/launch.py to build and submit the job. Launcher and workers so run the same
# storyline, the same dependencies and the same Beam. Commands: docs/dataflow.md.

# The launcher binary only; pin a dated tag of it for reproducible builds.
ARG LAUNCHER_IMAGE=gcr.io/dataflow-templates-base/python311-template-launcher-base:latest
FROM ${LAUNCHER_IMAGE} AS launcher

# The Beam SDK image of the Beam that pyproject pins (apache-beam>=2.76,<2.77); its entrypoint
# (/opt/apache/beam/boot, the worker harness) is kept.
FROM apache/beam_python3.11_sdk:2.76.0
COPY --from=launcher /opt/google/dataflow/python_template_launcher /opt/google/dataflow/python_template_launcher

WORKDIR /opt/storyline
COPY pyproject.toml README.md ./
COPY pipeline ./pipeline
COPY transforms ./transforms
COPY schemas ./schemas
COPY dataflow ./dataflow
RUN pip install --no-cache-dir ".[gcp]"

# Everything is installed above, so no FLEX_TEMPLATE_PYTHON_REQUIREMENTS_FILE or _SETUP_FILE:
# the launcher installs nothing at launch time.
ENV FLEX_TEMPLATE_PYTHON_PY_FILE=/opt/storyline/dataflow/launch.py
