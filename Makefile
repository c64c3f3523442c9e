# Two commands: `make run` serves the demo on SQLite, `make test` runs every test.
# Both install what they need on a fresh Debian machine: the virtualenv, the
# Python requirements and the system packages (CJK fonts, HarfBuzz subsetting
# for fast PDFs, poppler to read PDFs back, Chromium for the browser tests,
# LibreOffice Writer to lay out the Word file in the tests).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
SYSTEM_PACKAGES := fonts-noto-cjk fonts-lxgw-wenkai libharfbuzz-subset0 poppler-utils chromium libreoffice-writer
ARGS ?=

.PHONY: run test lint format system-deps venv

venv: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "缺少系统软件包：$$missing（请以 root 运行：apt-get install$$missing）"; exit 1; fi; \
	  echo "安装系统软件包：$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

run: venv system-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty --with-report
	@echo ""
	@echo "党建工作汇报系统：http://127.0.0.1:8000/"
	@echo "演示账号（密码 demo-pass-2026）："
	@echo "  xiang  清水乡乡镇党建工作人员"
	@echo "  ling   长岭乡乡镇党建工作人员"
	@echo "  xian   示范县县委组织部审核人员"
	@echo "  admin  系统管理员（/admin/）"
	@echo ""
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: venv system-deps
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
