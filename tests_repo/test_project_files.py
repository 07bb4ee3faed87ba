"""The newcomer's entry points: docker compose, the CI script, the README commands.

There is no Docker engine on CI machines, so the compose file is checked by
reading it: the services a user starts, the official images, the addon
mount and the install command.
"""

import re
import unittest
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


class TestProjectFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
        cls.dockerfile = (ROOT / "Dockerfile").read_text()

    def test_compose_services_and_official_images(self):
        services = self.compose["services"]
        self.assertEqual(set(services), {"db", "odoo", "tests"})
        self.assertEqual(services["db"]["image"], "postgres:16")
        self.assertEqual(services["odoo"]["build"]["target"], "odoo")
        # Every built image starts from the official odoo:19 image.
        self.assertRegex(self.dockerfile, r"(?m)^FROM odoo:19 AS odoo$")
        self.assertRegex(self.dockerfile, r"(?m)^FROM odoo AS tests$")
        self.assertIn("8069:8069", services["odoo"]["ports"])

    def test_compose_mounts_addon_and_installs_it_with_demo(self):
        odoo = self.compose["services"]["odoo"]
        self.assertIn("./wms_micraft:/mnt/extra-addons/wms_micraft:ro", odoo["volumes"])
        command = odoo["command"]
        self.assertRegex(command, r"-i wms_micraft\b")
        self.assertIn("wms_demo", command)
        self.assertIn("--size small", command)
        self.assertEqual(odoo["depends_on"]["db"]["condition"], "service_healthy")

    def test_compose_tests_service_runs_the_readme_test_command(self):
        tests = self.compose["services"]["tests"]
        self.assertEqual(tests["build"]["target"], "tests")
        self.assertEqual(tests["command"], ["make", "test"])
        self.assertIn(".:/src", tests["volumes"])
        self.assertEqual(tests["environment"]["PGHOST"], "db")
        # The test image carries a browser, so tours run rather than skip.
        self.assertIn("chromium", self.dockerfile)

    def test_ci_runs_readme_test_command(self):
        ci = (ROOT / ".ci" / "run").read_text()
        readme = (ROOT / "README.md").read_text()
        self.assertIn("make test", readme)
        self.assertRegex(ci, r"(?m)^exec make test$")
        self.assertIn("import odoo", ci.replace("odoo.release", "odoo"))
        makefile = (ROOT / "Makefile").read_text()
        self.assertRegex(makefile, r"(?m)^test:.*\n\t\./scripts/test\.sh$")

    def test_requirements_cover_manifest_external_dependencies(self):
        manifest = eval((ROOT / "wms_micraft" / "__manifest__.py").read_text())  # noqa: S307 - our own literal
        requirements = (ROOT / "requirements.txt").read_text().lower()
        for dist in manifest["external_dependencies"]["python"]:
            if dist == "reportlab":  # ships with Odoo itself
                continue
            self.assertTrue(re.search(rf"(?m)^{re.escape(dist.lower())}\b", requirements), dist)
