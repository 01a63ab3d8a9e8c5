//! The examples of the five reference pages, verbatim (see the crate's docs).

// connector_create: `POST /connectors` (seed 003)
/// The page's curl `-d` body.
pub(crate) const CREATE_REQUEST: &str = r#"{"connector-type": "transform", "connector-name": "omdb", "connector-description": "clever description", "readme": "readme content"}"#;

/// The page's success example (served as 200).
pub(crate) const CREATE_200: &str = r#"{
  "message": "Connector created.",
  "resource": "connector",
  "data": {
    "id": "3e8e1a12-2ba2-4e1c-abb9-25ded0ac7411",
    "type": "transform",
    "name": "omdb",
    "description": "clever description",
    "readme": "readme content",
    "flow": "default",
    "main-version-number": null,
    "owner": "019e16f4-0448-7342-8a07-c5d94abe0fe6",
    "integrator": "019e16f4-0448-7342-8a07-c5d94abe0fe6",
    "versions": [
      {
        "name": "omdb",
        "description": "clever description",
        "readme": "readme content",
        "version": "1.0.0",
        "logo": null,
        "created-at": "2026-05-11T14:12:31+02:00",
        "updated-at": "2026-05-11T14:12:31+02:00",
        "deleted-at": null,
        "state": "created",
        "config": {
          "update-progress": [],
          "secret-registrations": [],
          "authentication-registrations": [],
          "authentication-registrations-additional-fields": [],
          "application": null,
          "vcs": null,
          "docker": {
            "image-name": null,
            "image-tag": null,
            "registry-url": null
          },
          "individuals": [],
          "migration": null,
          "execution": {
            "execution-mode": "as-command-options",
            "container-api-image": "test.domain.docker/test/container-api-image:1.0.0",
            "docker-host": "unix:///var/run/docker.sock",
            "container-api": {
              "image": null,
              "version-constraint": "^0.25"
            }
          },
          "export": null,
          "data-service": null,
          "datasource": null,
          "buckets": [],
          "feature-flags": [],
          "container-api-config": null
        },
        "platform_dev_reference": {
          "account": null,
          "project": null,
          "executable": null,
          "platform-connector": null,
          "site": null,
          "site-processing-cluster": null,
          "assigned-to-site": null,
          "assigned-to-channel": null,
          "assigned-to-channel-site": null,
          "assigned-to-channel-site-destination": null,
          "runtime": {
            "environment": "cre",
            "version": null
          }
        },
        "platform_prod_reference": {
          "executable": null,
          "platform-connector": null,
          "target-accounts": [],
          "target-projects": [],
          "target-sites": [],
          "enabled-for-accounts": [],
          "enabled-for-projects": [],
          "enabled-for-sites": [],
          "assigned-to-sites": [],
          "released": false,
          "version": null,
          "runtime": {
            "environment": "cre",
            "version": null
          }
        },
        "prod_config": null,
        "dev_config": null
      }
    ],
    "main": null
  }
}"#;

/// The page's "Bad request." example (400).
pub(crate) const CREATE_400: &str = r#"{
  "message": "Bad request.",
  "errors": {
    "connector-type": "This value should not be blank.",
    "connector-name": "This value should not be blank."
  }
}"#;

// connector_version_execution_config_update_container_api: `PUT /connectors/{publicId}/versions/{connectorVersion}/execution-config/container-api` (seed 004)
/// The page's curl `-d` body.
pub(crate) const CONTAINER_API_REQUEST: &str = r#"{"image": "test.domain.docker/test/container-api-image:1.0.0", "version-constraint": "^0.20"}"#;

/// The page's success example (served as 200).
pub(crate) const CONTAINER_API_200: &str = r#"{
  "message": "successful operation",
  "data": {
    "name": "kohler.org",
    "description": null,
    "readme": null,
    "version": "1.0.0",
    "logo": null,
    "created-at": "2026-05-11T14:12:27+02:00",
    "updated-at": "2026-05-11T14:12:27+02:00",
    "deleted-at": null,
    "state": "updating",
    "config": {
      "update-progress": [],
      "secret-registrations": [],
      "authentication-registrations": [],
      "authentication-registrations-additional-fields": [],
      "application": null,
      "vcs": null,
      "docker": {
        "image-name": null,
        "image-tag": null,
        "registry-url": null
      },
      "individuals": [],
      "migration": null,
      "execution": {
        "execution-mode": "as-env-variables",
        "container-api-image": "test.domain.docker/test/container-api-image:1.0.0",
        "docker-host": null,
        "container-api": {
          "image": "test.domain.docker/test/container-api-image:1.0.0",
          "version-constraint": "^0.20"
        }
      },
      "export": null,
      "data-service": null,
      "datasource": {
        "categories": []
      },
      "buckets": [],
      "feature-flags": [],
      "container-api-config": null
    },
    "platform_dev_reference": {
      "account": null,
      "project": null,
      "executable": null,
      "platform-connector": null,
      "site": null,
      "site-processing-cluster": null,
      "assigned-to-site": null,
      "assigned-to-channel": null,
      "assigned-to-channel-site": null,
      "assigned-to-channel-site-destination": null,
      "runtime": {
        "environment": "bin-docker-wrapper",
        "version": "8.16.19"
      }
    },
    "platform_prod_reference": {
      "executable": null,
      "platform-connector": null,
      "target-accounts": [],
      "target-projects": [],
      "target-sites": [],
      "enabled-for-accounts": [],
      "enabled-for-projects": [],
      "enabled-for-sites": [],
      "assigned-to-sites": [],
      "released": false,
      "version": null,
      "runtime": {
        "environment": "bin-docker-wrapper",
        "version": "8.16.19"
      }
    },
    "prod_config": null,
    "dev_config": null
  }
}"#;

/// The page's "Bad request." example (400).
pub(crate) const CONTAINER_API_400: &str = r#"{
  "message": "Bad request.",
  "errors": {
    "version-constraint": "This value should not be blank."
  }
}"#;

// connector_targets_add: `POST /connectors/{publicId}/versions/{connectorVersion}/targets` (seed 000)
/// The page's curl `-d` body.
pub(crate) const TARGETS_ADD_REQUEST: &str =
    r#"{"target-accounts": [789, 987], "target-projects": [321, 654], "target-sites": [123, 456]}"#;

/// The page's success example (served as 200).
pub(crate) const TARGETS_ADD_200: &str = r#"{
  "message": "successful operation",
  "data": {
    "name": "hilpert.com",
    "description": null,
    "readme": null,
    "version": "1.0.0",
    "logo": null,
    "created-at": "2026-05-11T14:11:55+02:00",
    "updated-at": "2026-05-11T14:11:55+02:00",
    "deleted-at": null,
    "state": "created",
    "config": {
      "update-progress": [],
      "secret-registrations": [],
      "authentication-registrations": [],
      "authentication-registrations-additional-fields": [],
      "application": {
        "command": "Weissnat",
        "arguments": "vel officiis tempora",
        "health-check": "--laudantium"
      },
      "vcs": null,
      "docker": {
        "image-name": null,
        "image-tag": null,
        "registry-url": null
      },
      "individuals": [],
      "migration": null,
      "execution": {
        "execution-mode": "as-env-variables",
        "container-api-image": "test.domain.docker/test/container-api-image:1.0.0",
        "docker-host": null,
        "container-api": {
          "image": null,
          "version-constraint": "^9.9.9"
        }
      },
      "export": {
        "channels": [],
        "channel-config": [],
        "feedback-file-enabled": false,
        "feedback-file-source-connection-column": null,
        "feedback-file-target-connection-column": null,
        "feedback-application-config": null
      },
      "data-service": null,
      "datasource": null,
      "buckets": [],
      "feature-flags": [],
      "container-api-config": null
    },
    "platform_dev_reference": {
      "account": null,
      "project": null,
      "executable": null,
      "platform-connector": null,
      "site": null,
      "site-processing-cluster": null,
      "assigned-to-site": null,
      "assigned-to-channel": null,
      "assigned-to-channel-site": null,
      "assigned-to-channel-site-destination": null,
      "runtime": {
        "environment": "bin-docker-wrapper",
        "version": "11.22.0"
      }
    },
    "platform_prod_reference": {
      "executable": null,
      "platform-connector": null,
      "target-accounts": [
        789,
        987
      ],
      "target-projects": [
        321,
        654
      ],
      "target-sites": [
        123,
        456
      ],
      "enabled-for-accounts": [],
      "enabled-for-projects": [],
      "enabled-for-sites": [],
      "assigned-to-sites": [],
      "released": false,
      "version": null,
      "runtime": {
        "environment": "bin-docker-wrapper",
        "version": "11.22.0"
      }
    },
    "prod_config": null,
    "dev_config": null
  }
}"#;

/// The page's "Bad request." example (400).
pub(crate) const TARGETS_ADD_400: &str = r#"{
  "message": "Bad request.",
  "errors": {
    "target-projects": "This value should be an array of integer."
  }
}"#;

// connector_enable_prod_access: `POST /connectors/{publicId}/versions/{connectorVersion}/access/prod/enable` (seed 002; the page documents no error response)
/// The page's curl `-d` body.
pub(crate) const ENABLE_PROD_ACCESS_REQUEST: &str =
    r#"{"accounts": [789, 987], "projects": [321, 654], "sites": [123, 456]}"#;

/// The page's success example (served as 200).
pub(crate) const ENABLE_PROD_ACCESS_200: &str = r#"{
  "message": "Updated access.",
  "resource": "connector-version",
  "data": {
    "name": "crooks.com",
    "description": null,
    "readme": null,
    "version": "1.0.0",
    "logo": null,
    "created-at": "2026-05-11T14:12:44+02:00",
    "updated-at": "2026-05-11T14:12:44+02:00",
    "deleted-at": null,
    "state": "synchronized-to-dev",
    "config": {
      "update-progress": [],
      "secret-registrations": [],
      "authentication-registrations": [],
      "authentication-registrations-additional-fields": [],
      "application": null,
      "vcs": null,
      "docker": {
        "image-name": null,
        "image-tag": null,
        "registry-url": null
      },
      "individuals": [],
      "migration": null,
      "execution": {
        "execution-mode": "as-env-variables",
        "container-api-image": "test.domain.docker/test/container-api-image:1.0.0",
        "docker-host": null,
        "container-api": {
          "image": null,
          "version-constraint": "^9.9.9"
        }
      },
      "export": null,
      "data-service": null,
      "datasource": null,
      "buckets": [],
      "feature-flags": [],
      "container-api-config": null
    },
    "platform_dev_reference": {
      "account": null,
      "project": null,
      "executable": null,
      "platform-connector": null,
      "site": null,
      "site-processing-cluster": null,
      "assigned-to-site": null,
      "assigned-to-channel": null,
      "assigned-to-channel-site": null,
      "assigned-to-channel-site-destination": null,
      "runtime": {
        "environment": "cre",
        "version": null
      }
    },
    "platform_prod_reference": {
      "executable": null,
      "platform-connector": 28,
      "target-accounts": [
        789,
        987,
        777
      ],
      "target-projects": [
        321,
        654,
        444
      ],
      "target-sites": [
        123,
        456,
        666
      ],
      "enabled-for-accounts": [
        789,
        987
      ],
      "enabled-for-projects": [
        321,
        654
      ],
      "enabled-for-sites": [
        123,
        456
      ],
      "assigned-to-sites": [],
      "released": false,
      "version": null,
      "runtime": {
        "environment": "cre",
        "version": null
      }
    },
    "prod_config": null,
    "dev_config": null
  }
}"#;

// connector_assign_to_dev_site: `POST /connectors/{publicId}/versions/{connectorVersion}/assign-to-sites/dev` (seed 001; no request body)
/// The page's success example (served as 200).
pub(crate) const ASSIGN_TO_DEV_SITE_200: &str = r#"{
  "message": "Connector assigned to dev site.",
  "resource": "connector-version",
  "data": {
    "name": "zulauf.com",
    "description": null,
    "readme": null,
    "version": "1.0.0",
    "logo": null,
    "created-at": "2026-05-11T14:12:05+02:00",
    "updated-at": "2026-05-11T14:12:05+02:00",
    "deleted-at": null,
    "state": "synchronized-to-dev",
    "config": {
      "update-progress": [],
      "secret-registrations": [],
      "authentication-registrations": [],
      "authentication-registrations-additional-fields": [],
      "application": {
        "command": "Keeling",
        "arguments": "assumenda eum error",
        "health-check": "--nulla"
      },
      "vcs": null,
      "docker": {
        "image-name": null,
        "image-tag": null,
        "registry-url": null
      },
      "individuals": [],
      "migration": null,
      "execution": {
        "execution-mode": "as-env-variables",
        "container-api-image": "test.domain.docker/test/container-api-image:1.0.0",
        "docker-host": null,
        "container-api": {
          "image": null,
          "version-constraint": "^9.9.9"
        }
      },
      "export": null,
      "data-service": null,
      "datasource": null,
      "buckets": [],
      "feature-flags": [],
      "container-api-config": null
    },
    "platform_dev_reference": {
      "account": 1,
      "project": 2,
      "executable": null,
      "platform-connector": 4,
      "site": 3,
      "site-processing-cluster": null,
      "assigned-to-site": null,
      "assigned-to-channel": null,
      "assigned-to-channel-site": null,
      "assigned-to-channel-site-destination": null,
      "runtime": {
        "environment": "cre",
        "version": null
      }
    },
    "platform_prod_reference": {
      "executable": null,
      "platform-connector": null,
      "target-accounts": [],
      "target-projects": [],
      "target-sites": [],
      "enabled-for-accounts": [],
      "enabled-for-projects": [],
      "enabled-for-sites": [],
      "assigned-to-sites": [],
      "released": false,
      "version": null,
      "runtime": {
        "environment": "cre",
        "version": null
      }
    },
    "prod_config": null,
    "dev_config": null
  }
}"#;

/// The page's "Bad request." example (400).
pub(crate) const ASSIGN_TO_DEV_SITE_400: &str = r#"{
  "message": "Bad request.",
  "errors": {
    "connector": "Connector must have dev site assigned."
  }
}"#;

// Message-only error bodies shared by several operations
/// 401 example (every operation but enable_prod_access).
pub(crate) const UNAUTHORIZED_401: &str = r#"{
  "message": "You have to be authorized to access this resource."
}"#;

/// 403 example (connector_create, container-api update).
pub(crate) const ACCESS_DENIED_403: &str = r#"{
  "message": "Access denied for user."
}"#;

/// 404 example (targets_add, assign_to_dev_site).
pub(crate) const CONNECTOR_NOT_FOUND_404: &str = r#"{
  "message": "Connector not found."
}"#;

/// 404 example (container-api update).
pub(crate) const VERSION_NOT_FOUND_404: &str = r#"{
  "message": "Connector does not have specified version."
}"#;
