package server

// WritableWhilePaymentLapsed lists the mutations a read-only organization may still make.
var WritableWhilePaymentLapsed = writableWhilePaymentLapsed
