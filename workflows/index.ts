export { paymentWorkflow } from './payment.js';
export { webhookDeliveryWorkflow } from './webhook.js';
export { lateCallbackWorkflow } from './late-callback.js';
export { sweeperWorkflow } from './sweeper.js';
export { refundWorkflow } from './refund.js';
export { invoiceWorkflow } from './invoice.js';
export { customerEmailWorkflow } from './customer-email.js';
